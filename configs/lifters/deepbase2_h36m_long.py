# DeepBase2 (the seed's hidden-layer-loss network) on the shipped default's schedule, for the seed's Table 1
# at the default's budget (issue 25): the stages, codec and input mix of simple_baseline_h36m_long, with
# DeepBase2's network. Train S1,S5,S6,S7, validate S8. The 30000-iteration version (the first three stages,
# the budget of the simple baseline's second seed in docs/results.md) is
#   tools/train.py configs/lifters/deepbase2_h36m_long.py $H36M --threads 1 --cfg-options train_cfg.max_iters=30000 \
#     'param_scheduler.0.stages=[(6000,1.0),(14000,0.5),(10000,0.3)]'
# (0.18 s an iteration on one Sapphire Rapids core in bf16: 90 minutes).
_base_ = ['./simple_baseline_h36m_long.py']
model = dict(num_blocks=4, aux_head_after=2, aux_weight=1.0)
