# kinematic_ae_64px_keypoints' 2D -> kinematics MLP first, on Human3.6M motion capture of S1, S5, S6, S7
# (H36MCropPoseDataset: the 2D as in a person crop, the 3D in metres): the 2D lifted through forward
# kinematics and the camera against the 3D, a million poses where the video cache's renders hold 80 000.
# Adam here (no images, one loss); the image campaign then runs the seed's three AdaGrads from these weights.
#   python tools/train.py configs/image/kinematic_ae_64px_poses.py --data-3d h36m_train_3d.npz \
#       --cameras h36m_cameras.json --work-dir POSES --threads 1
# The shipped weights' stage: the same on all five subjects (--cfg-options train_dataloader.dataset.subjects=S1,S5,S6,S7,S8).
_base_ = ['./kinematic_ae_64px_keypoints.py']
max_iters = 10000
train_dataloader = dict(batch_size=1024, dataset=dict(_delete_=True, type='H36MCropPoseDataset', data_3d=None,
                                                      cameras=None, subjects='S1,S5,S6,S7'))
train_cfg = dict(max_iters=max_iters)
_adam = dict(type='BF16OptimWrapper', optimizer=dict(type='Adam', lr=1e-3))
optim_wrapper = dict(prior=dict(_adam, _delete_=True, modules=['pose_encoder']))
default_hooks = dict(checkpoint=dict(interval=2000, max_keep_ckpts=2), logger=dict(interval=200))
log_processor = dict(window_size=200)
custom_hooks = [dict(type='ExportLifterHook')]  # no image preview: these batches have no images
