# Supervised GAN: DeepBase1 generator + 3D pose discriminator; train S1,S5,S6,S7, validate S8.
_base_ = ['./_base_/h36m_single_frame.py']
model = dict(type='SupervisedGANLifter', hidden=1024, num_blocks=4, dropout=0.5, max_norm=1.0,
             disc_hidden=512, disc_blocks=2, adv_weight=0.01, codec={{_base_.codec}})
# One optimiser per sub-network; mmengine pairs them with the model's attributes of the same name.
optim_wrapper = dict(_delete_=True, constructor='SubmoduleOptimWrapperConstructor',
                     generator={{_base_.optim_wrapper}}, discriminator={{_base_.optim_wrapper}})
# Its own train_step alternates the two networks: DDP must wrap them separately and call it.
model_wrapper_cfg = dict(type='MMSeparateDistributedDataParallel', broadcast_buffers=False, find_unused_parameters=False)
param_scheduler = dict(_delete_=True, generator={{_base_.param_scheduler}}, discriminator={{_base_.param_scheduler}})
