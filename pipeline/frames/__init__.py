"""Frames: video files, cameras and image folders, streamed."""
