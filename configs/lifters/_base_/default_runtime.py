# What every training run shares: scope, hooks, logging, environment, seed.
default_scope = 'lift3d'
default_hooks = dict(
    timer=dict(type='IterTimerHook'),
    logger=dict(type='LoggerHook', interval=100),
    param_scheduler=dict(type='ParamSchedulerHook'),
    checkpoint=dict(type='CheckpointHook', by_epoch=False, interval=1000, max_keep_ckpts=2, save_last=True),
    sampler_seed=dict(type='DistSamplerSeedHook'),
    # campaign.json (one curve over every sitting) and the generators' state in each checkpoint, which
    # the CampaignTrainLoop every config trains with restores on --resume.
    campaign=dict(type='CampaignHook', interval=1000),
)
log_processor = dict(by_epoch=False, window_size=100)
visualizer = dict(type='Visualizer', vis_backends=[dict(type='LocalVisBackend')])
env_cfg = dict(cudnn_benchmark=False, mp_cfg=dict(mp_start_method='fork'), dist_cfg=dict(backend='nccl'))
randomness = dict(seed=0)
log_level = 'INFO'
load_from = None
resume = False
