"""Outputs: JSON / NPZ / CSV, BVH, rendered video, the interactive viewer, output folders."""
