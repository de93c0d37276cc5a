"""The stages strung together: a video (frames -> people -> tracks -> 3D -> files), a folder of videos,
live input."""
