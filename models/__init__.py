"""Importing this package registers every model (mmengine also imports it through the registry's locations)."""
from models import campaign, checkpoint, hooks, optim  # noqa: F401
from models.image import crossmodal_vae, kinematic_ae  # noqa: F401
from models.lifters import gcn, pose_flow, residual, supervised_gan, temporal, tipsy, vae_gan  # noqa: F401
from pipeline import codec  # noqa: F401,E402
from pipeline.training import h36m, video_cache  # noqa: F401,E402  (datasets, metrics and codecs the configs name)
