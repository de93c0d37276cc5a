"""Synthetic humans with exact labels: a person-like body drawn for any 3D pose and camera, over a
background, so the 2D and 3D labels of every frame are known exactly.

The body is a set of shaded solids (tapered capsules for the limbs, a quad for the torso, a ball for
the head) projected with a pinhole camera and painted far-to-near, in a few clothing colours and
patterns. Front and back differ as on a person: the head is hair seen from behind and a face with eyes
seen from the front, and the shirt has a neckline on its front only, so a body seen from behind no
longer looks like its mirror image from the front (which way a person faces is otherwise invisible).
Backgrounds come from an image folder or are procedural; a clip's camera is static or pans.
Uses: prior samples for the image models, a benchmark with ground truth, and synthetic video folders.
"""
from dataclasses import dataclass, field
from pathlib import Path

import cv2
import numpy as np

from pipeline.geometry.skeleton import H36M
from pipeline.geometry.transforms import rotation_matrix

# Radius (mm) at the parent and child end of each bone, and the clothing group it belongs to.
BONE_SHAPE = {
    (0, 1): (80, 75, 'bottom'), (1, 2): (75, 55, 'bottom'), (2, 3): (55, 45, 'bottom'),
    (0, 4): (80, 75, 'bottom'), (4, 5): (75, 55, 'bottom'), (5, 6): (55, 45, 'bottom'),
    (0, 7): (120, 120, 'top'), (7, 8): (120, 110, 'top'), (8, 9): (50, 45, 'skin'), (9, 10): (45, 40, 'skin'),
    (8, 11): (60, 55, 'top'), (11, 12): (48, 40, 'top'), (12, 13): (38, 32, 'skin'),
    (8, 14): (60, 55, 'top'), (14, 15): (48, 40, 'top'), (15, 16): (38, 32, 'skin'),
}
HEAD_RADIUS_MM = 105
TORSO = (4, 1, 14, 11)  # LHip, RHip, RShoulder, LShoulder: the torso's quad
SHADES = ((1.0, 0.55), (0.72, 0.8), (0.42, 1.0))  # (radius scale, brightness): nested fills read as round
PALETTE = np.array([[40, 40, 160], [160, 60, 30], [40, 120, 40], [30, 30, 30], [200, 200, 200], [20, 140, 200],
                    [120, 40, 120], [90, 90, 140], [150, 150, 60]], np.float32)  # BGR
SKIN = np.array([[150, 180, 230], [110, 140, 190], [70, 100, 150], [50, 70, 110]], np.float32)
HAIR = np.array([[20, 20, 25], [30, 50, 80], [60, 110, 160], [120, 120, 130]], np.float32)  # BGR


@dataclass
class Appearance:
    top: np.ndarray
    bottom: np.ndarray
    skin: np.ndarray
    stripes: bool
    hair: np.ndarray = field(default_factory=lambda: HAIR[0].copy())

    @classmethod
    def random(cls, rng):
        top, bottom = PALETTE[rng.choice(len(PALETTE), 2, replace=False)]
        return cls(top, bottom, SKIN[rng.integers(len(SKIN))], bool(rng.random() < 0.4),
                   HAIR[rng.integers(len(HAIR))])


def facing(pose_cam):
    """Unit forward directions (3,) of a camera-frame pose (J, 3): the face's (the nose's offset from the
    thorax-head axis) and the torso's (up x right). A negative z faces the camera."""
    axis = pose_cam[10] - pose_cam[8]
    axis = axis / max(np.linalg.norm(axis), 1e-6)
    nose = pose_cam[9] - pose_cam[8]
    face = nose - (nose @ axis) * axis
    torso = np.cross(pose_cam[8] - pose_cam[0], pose_cam[14] - pose_cam[11])
    return (face / max(np.linalg.norm(face), 1e-6), torso / max(np.linalg.norm(torso), 1e-6))


def _pt(p):
    """A pixel position as OpenCV's fixed-point point (4 fractional bits, the `shift` every call here passes)."""
    return tuple(np.round(np.asarray(p) * 16).astype(int))


def _paint_head(image, centre, radius, forward, look):
    """A head of radius `radius` px at pixel `centre`: hair all round, and the face where it turns to the
    camera (forward: the face's unit direction in the camera frame), clipped to the head's disc."""
    for s, b in SHADES:
        cv2.circle(image, _pt(centre), int(round(radius * s * 16)), tuple(float(v) for v in look.hair * b), -1,
                   cv2.LINE_AA, 4)
    toward = -forward[2]  # cosine between the face's direction and the line to the camera
    if toward < -0.2:
        return  # seen from behind: hair only
    x0, y0 = (int(np.floor(v - radius)) - 1 for v in centre)
    size = int(np.ceil(2 * radius)) + 3
    h0, w0 = max(0, -y0), max(0, -x0)
    patch = image[max(y0, 0):max(y0 + size, 0), max(x0, 0):max(x0 + size, 0)]
    if patch.size == 0:
        return
    local = np.asarray(centre) - (x0, y0)
    layer, mask, disc = (np.zeros((size, size, 3), np.float32), np.zeros((size, size), np.float32),
                         np.zeros((size, size), np.float32))
    in_image = np.linalg.norm(forward[:2])
    sideways = forward[:2] / in_image if in_image > 1e-3 else np.zeros(2)  # where the face turns, in the image
    lateral = np.sqrt(max(0.0, 1 - toward ** 2))
    face_centre = local + sideways * radius * 0.55 * lateral
    angle = float(np.degrees(np.arctan2(sideways[1], sideways[0])))
    axes = (max(1, radius * 0.8 * max(toward, 0.3)), radius * 0.8)
    layer[:] = look.skin
    cv2.ellipse(mask, _pt(face_centre), tuple(int(round(a * 16)) for a in axes), angle, 0, 360, 1.0, -1,
                cv2.LINE_AA, 4)
    if toward > 0.3:  # eyes, across the face and a little above its centre
        across = np.array([-sideways[1], sideways[0]]) if sideways.any() else np.array([1.0, 0.0])
        up = np.array([0.0, -1.0])
        for side in (-1, 1):
            eye = face_centre + side * across * radius * 0.3 * max(toward, 0.5) + up * radius * 0.15
            cv2.circle(layer, _pt(eye), max(1, int(round(radius * 0.12 * 16))), (25.0, 25.0, 30.0), -1,
                       cv2.LINE_AA, 4)
    cv2.circle(disc, _pt(local), int(round(radius * 0.97 * 16)), 1.0, -1, cv2.LINE_AA, 4)
    painted = mask * disc  # the face's coverage, clipped to the head
    inside = (slice(h0, h0 + patch.shape[0]), slice(w0, w0 + patch.shape[1]))  # the part within the image
    layer, painted = layer[inside], painted[inside]
    patch[:] = (patch * (1 - painted[..., None]) + layer * painted[..., None]).astype(np.uint8)


def look_at(pose_world, azimuth, elevation, distance):
    """World poses (T, J, 3) mm, z up -> camera frame (x right, y down, z forward), the first frame's
    root `distance` mm in front of the camera, seen from `azimuth` about the vertical and `elevation`."""
    centred = pose_world - pose_world[:1, :1] * np.array([1, 1, 0])  # first root above the origin
    centred = centred - np.array([0, 0, pose_world[0, 0, 2]])
    cam = centred[..., [0, 2, 1]] * np.array([1, -1, 1])  # (x, -z, y): y down, depth along world y
    cam = cam @ rotation_matrix(azimuth, 0.0).T  # turn about the vertical
    cam = cam @ rotation_matrix(0.0, elevation).T  # then tilt
    return cam + np.array([0, 0, distance])


def project_pinhole(points, f, c):
    """(N, *, 3) camera-frame mm -> (N, *, 2) pixels, no lens distortion."""
    return f * points[..., :2] / points[..., 2:3] + c


def _capsule(image, a, b, ra, rb, colour):
    """A tapered capsule from pixel a (radius ra) to b (radius rb)."""
    d = b - a
    n = np.array([-d[1], d[0]]) / max(np.linalg.norm(d), 1e-6)
    quad = np.array([a + n * ra, b + n * rb, b - n * rb, a - n * ra])
    colour = tuple(float(v) for v in colour)
    cv2.fillConvexPoly(image, np.round(quad * 16).astype(np.int32), colour, cv2.LINE_AA, 4)
    for p, r in ((a, ra), (b, rb)):
        cv2.circle(image, _pt(p), int(round(r * 16)), colour, -1, cv2.LINE_AA, 4)


def render_person(image, pose_cam, f, c, look):
    """Paint a person with pose `pose_cam` (J, 3) camera-frame mm onto `image` (H, W, 3) uint8, in place.

    Returns the exact 2D keypoints (J, 2) in pixels.
    """
    uv = project_pinhole(pose_cam, f, c)
    px_per_mm = f / pose_cam[:, 2]  # (J,) scale at each joint's depth
    colours = dict(top=look.top, bottom=look.bottom, skin=look.skin)
    solids = []  # (depth, draw function)
    for (p, q), (rp, rq, group) in BONE_SHAPE.items():
        direction = pose_cam[q] - pose_cam[p]
        # Bones pointing at the camera get less light: a cheap stand-in for a light at the camera.
        light = 0.75 + 0.25 * (1 - abs(direction[2]) / max(np.linalg.norm(direction), 1e-6))

        def draw(p=p, q=q, rp=rp, rq=rq, group=group, light=light):
            for scale, brightness in SHADES:
                _capsule(image, uv[p], uv[q], rp * px_per_mm[p] * scale, rq * px_per_mm[q] * scale,
                         colours[group] * brightness * light)
            if group == 'top' and look.stripes:
                for t in np.linspace(0.15, 0.85, 4):
                    m, r = uv[p] + t * (uv[q] - uv[p]), (rp + t * (rq - rp)) * px_per_mm[p] * 0.9
                    d = uv[q] - uv[p]
                    n = np.array([-d[1], d[0]]) / max(np.linalg.norm(d), 1e-6)
                    cv2.line(image, _pt(m + n * r), _pt(m - n * r),
                             tuple(float(v) for v in colours['top'] * 0.35), max(1, int(r / 6)), cv2.LINE_AA, 4)
        solids.append(((pose_cam[p, 2] + pose_cam[q, 2]) / 2, draw))
    quad = uv[list(TORSO)]
    face_forward, torso_forward = facing(pose_cam)

    def torso():
        cv2.fillConvexPoly(image, np.round(quad * 16).astype(np.int32), tuple(float(v) for v in look.top * 0.7),
                           cv2.LINE_AA, 4)
        if torso_forward[2] < -0.2:  # the neckline, on the shirt's front only
            neck, spine = uv[8], uv[7]
            half_width = 0.3 * (uv[14] - uv[11])
            cv2.fillConvexPoly(image, np.round(np.array([neck - half_width, neck + half_width,
                                                         neck + 0.35 * (spine - neck)]) * 16).astype(np.int32),
                               tuple(float(v) for v in look.skin * 0.9), cv2.LINE_AA, 4)

    solids.append((pose_cam[list(TORSO), 2].mean() + 40, torso))
    head = 10
    solids.append((pose_cam[head, 2], lambda: _paint_head(image, uv[head], HEAD_RADIUS_MM * px_per_mm[head],
                                                          face_forward, look)))
    for _, draw in sorted(solids, key=lambda s: -s[0]):  # far to near
        draw()
    return uv.astype(np.float32)


def procedural_background(height, width, rng):
    """A wall, a floor and a few blocks, with texture noise: varied, but nothing person-like."""
    wall, floor = rng.uniform(60, 220, 3), rng.uniform(40, 180, 3)
    horizon = int(height * rng.uniform(0.45, 0.75))
    image = np.empty((height, width, 3), np.float32)
    image[:horizon] = wall * np.linspace(0.8, 1.1, horizon)[:, None, None]
    image[horizon:] = floor * np.linspace(0.9, 1.2, height - horizon)[:, None, None]
    for _ in range(rng.integers(4, 12)):
        x0, y0 = rng.integers(0, width), rng.integers(0, horizon)
        w, h = rng.integers(width // 16, width // 4), rng.integers(height // 10, height // 2)
        cv2.rectangle(image, (int(x0), int(y0)), (int(x0 + w), int(y0 + h)), tuple(rng.uniform(30, 230, 3)), -1)
    for _ in range(rng.integers(10, 30)):  # edges and stripes: real scenes are textured
        a, b = rng.integers(0, [width, height], size=(2, 2))
        cv2.line(image, tuple(int(v) for v in a), tuple(int(v) for v in b), tuple(rng.uniform(20, 240, 3)),
                 int(rng.integers(1, 4)))
    noise = cv2.GaussianBlur(rng.normal(0, 30, (height, width, 1)).astype(np.float32), (0, 0), 1)
    return np.clip(image + noise[..., None], 0, 255).astype(np.uint8)


def folder_backgrounds(folder):
    """Paths of the images under `folder` (any depth)."""
    return sorted(p for p in Path(folder).rglob('*') if p.suffix.lower() in ('.jpg', '.jpeg', '.png', '.bmp'))


def background_plate(height, width, rng, images=()):
    """A background of the given size: a random crop of a random image of `images`, or procedural."""
    if images:
        image = cv2.imread(str(images[rng.integers(len(images))]))
        if image is not None:
            scale = max(height / image.shape[0], width / image.shape[1])
            image = cv2.resize(image, (int(np.ceil(image.shape[1] * scale)), int(np.ceil(image.shape[0] * scale))))
            y, x = rng.integers(0, image.shape[0] - height + 1), rng.integers(0, image.shape[1] - width + 1)
            return image[y:y + height, x:x + width].copy()
    return procedural_background(height, width, rng)


def render_clip(pose_world, size=256, rng=None, pan=False, backgrounds=(), person_height=0.5):
    """Render a clip of one person: world poses (T, J, 3) mm -> frames (T, S, S, 3) uint8, exact 2D
    keypoints (T, J, 2) px, camera-frame 3D (T, J, 3) mm and the backgrounds without the person.

    The camera looks at the person from a random azimuth and a slight elevation, framed so the person
    is about `person_height` of the image tall, and follows them; pan=True slides the background past
    it over the clip (a moving background), otherwise the background stays still.
    """
    rng = rng or np.random.default_rng()
    T = len(pose_world)
    f = size * rng.uniform(1.2, 1.8)
    height_mm = np.ptp(pose_world[0, :, 2]) + 2 * HEAD_RADIUS_MM
    distance = f * height_mm / (person_height * size)
    pose_cam = look_at(pose_world, rng.uniform(-np.pi, np.pi), rng.uniform(-0.15, 0.05), distance)
    # The camera follows the person sideways and in depth, so a walk stays in the frame.
    pose_cam = pose_cam - (pose_cam[:, :1] - pose_cam[:1, :1]) * np.array([1, 0, 1])
    shift = rng.uniform(0.3, 0.8) * size if pan else 0.0
    plate = background_plate(size, size + int(np.ceil(shift)) + 1, rng, backgrounds)
    look = Appearance.random(rng)
    mid = (pose_cam[0, :, 1].max() + pose_cam[0, :, 1].min()) / 2  # centre the first frame vertically
    c = np.array([size / 2, size / 2 - f * mid / distance])
    frames = np.empty((T, size, size, 3), np.uint8)
    backgrounds = np.empty_like(frames)
    keypoints = np.empty((T, H36M.num_joints, 2), np.float32)
    for t in range(T):
        x = int(round(shift * t / max(T - 1, 1)))
        backgrounds[t] = frames[t] = plate[:, x:x + size]
        keypoints[t] = render_person(frames[t], pose_cam[t], f, c, look)  # a panning camera that follows the person
    return frames, keypoints, pose_cam.astype(np.float32), backgrounds


def write_synthetic_videos(out, sequences, size=256, fps=25.0, seed=0, pan_every=2, backgrounds=()):
    """Render each (name, world poses (T, J, 3) mm) of `sequences` to out/<name>.mp4, every `pan_every`-th
    with a panning camera, beside out/<name>.keypoints.npz: its exact labels ('keypoints' (T, 1, J, 2) px
    and 'scores' in the precomputed-keypoints format, 'pose_3d' (T, J, 3) camera mm, 'layout')."""
    from pipeline.files.render import VideoWriter
    out, rng = Path(out), np.random.default_rng(seed)
    written = []
    for k, (name, poses) in enumerate(sequences):
        frames, keypoints, pose_cam, _ = render_clip(poses, size, rng, pan=pan_every > 0 and k % pan_every == 1,
                                                     backgrounds=backgrounds)
        path = out / f'{name}.mp4'
        path.parent.mkdir(parents=True, exist_ok=True)
        writer = VideoWriter(path, fps)
        for frame in frames:
            writer.write(frame)
        writer.close()
        np.savez(path.with_suffix('.keypoints.npz'), keypoints=keypoints[:, None], layout='h36m17',
                 scores=np.ones(keypoints.shape[:2], np.float32)[:, None], pose_3d=pose_cam)
        written.append(path)
    return written


PRIOR_POSES = Path(__file__).resolve().parent / 'assets' / 'prior_poses.npy'  # 20 Human3.6M S1 poses, world mm


def render_crops(world_poses, crop_size, rng):
    """Each world pose (N, J, 3) mm rendered alone (random view, look and background) and cropped as a
    video cache crops -> crops (N, S, S, 3) uint8, 2D keypoints (N, J, 2) in crop pixels, root-relative
    camera-frame 3D (N, J, 3) mm."""
    from pipeline.people.crops import crop, crop_boxes, in_crop
    crops, keypoints, poses = [], [], []
    for world in world_poses:
        frames, kp, pose_cam, _ = render_clip(world[None], size=2 * crop_size, rng=rng)
        box = crop_boxes(kp, np.ones(kp.shape[:2]), smooth=1)
        crops.append(crop(frames[0], box[0], crop_size))
        keypoints.append(in_crop(kp, box, crop_size)[0])
        poses.append(pose_cam[0] - pose_cam[0, :1])
    return np.stack(crops), np.stack(keypoints).astype(np.float32), np.stack(poses).astype(np.float32)
