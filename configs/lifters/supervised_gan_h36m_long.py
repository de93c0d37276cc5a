# The supervised GAN (DeepBase1 generator + 3D pose discriminator) on the shipped default's schedule, for the
# seed's Table 1 at the default's budget (issue 25), beside deepbase2_h36m_long: the stages, codec and input
# mix of simple_baseline_h36m_long, each sub-network with its own Adam and the same staged decay.
# Train S1,S5,S6,S7, validate S8. The 30000-iteration version (the first three stages) is
#   S='[(6000,1.0),(14000,0.5),(10000,0.3)]'
#   tools/train.py configs/lifters/supervised_gan_h36m_long.py $H36M --threads 1 --cfg-options \
#     train_cfg.max_iters=30000 "param_scheduler.generator.0.stages=$S" "param_scheduler.discriminator.0.stages=$S"
# Trained so far with those stages halved (S='[(3000,1.0),(7000,0.5),(5000,0.3)]', max_iters=15000): S8 P1 / P2
# 71.3 / 54.5 GT, 84.0 / 61.8 SH, 19 mm worse than DeepBase1 at the same budget (docs/results.md).
_base_ = ['./simple_baseline_h36m_long.py']
model = dict(type='SupervisedGANLifter', hidden=1024, num_blocks=4, dropout=0.5, max_norm=1.0,
             disc_hidden=512, disc_blocks=2, adv_weight=0.01)
optim_wrapper = dict(_delete_=True, constructor='SubmoduleOptimWrapperConstructor',
                     generator={{_base_.optim_wrapper}}, discriminator={{_base_.optim_wrapper}})
model_wrapper_cfg = dict(type='MMSeparateDistributedDataParallel', broadcast_buffers=False, find_unused_parameters=False)
_staged = dict(type='RestartingExponentialLR', stages={{_base_.stages}})
param_scheduler = dict(_delete_=True, generator=[_staged], discriminator=[_staged])
