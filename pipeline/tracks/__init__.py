"""Tracks: stable ids from frame to frame, gaps and low-confidence joints filled, One-Euro smoothing."""
