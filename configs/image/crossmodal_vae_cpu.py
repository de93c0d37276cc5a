# The cross-modal VAE for 2 CPU cores: 64 px crops, narrow pose networks. Same data and code path as the
# GPU config. Batch 64 in the training process (no loader workers: on 2 cores they take the cores the step
# needs; the batched dataset gathers a batch in milliseconds): 98 samples/s against 54 at batch 16 with two
# workers (tools/benchmark_training.py on an AMD EPYC, fp32). bf16 autocast where the CPU has it natively.
#   python tools/train.py configs/image/crossmodal_vae_cpu.py --data CACHE --work-dir DIR [--resume]
_base_ = ['./crossmodal_vae.py']
image_size = 64
max_iters = 280  # 40 turns through the 7 encoder-decoder pairs
model = dict(image_size=image_size, latent=32, hidden=256, iters_per_epoch=28)
train_dataloader = dict(batch_size=64, num_workers=0, persistent_workers=False,
                        dataset=dict(image_size=image_size))
train_cfg = dict(max_iters=max_iters)
optim_wrapper = dict(type='BF16OptimWrapper', _delete_=True, optimizer=dict(type='Adam', lr=1e-3))
param_scheduler = [dict(type='CosineAnnealingLR', T_max=max_iters, eta_min=1e-5, by_epoch=False)]
# Log every two turns through the pairs, so each logged loss averages every pair alike.
default_hooks = dict(checkpoint=dict(interval=28, max_keep_ckpts=2), logger=dict(interval=14))
log_processor = dict(window_size=14)
custom_hooks = [dict(type='ExportLifterHook'), dict(type='ImagePreviewHook', interval=140)]
