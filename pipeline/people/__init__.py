"""People in a frame: person boxes and 2D keypoints (the bundled BlazePose detector, mmpose, precomputed
keypoints), the box geometry they share and the person crops the image models see."""
