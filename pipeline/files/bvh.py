"""BVH motion export for Human3.6M-17 poses, its parser and forward kinematics (for the round-trip test).

Units: centimetres, Y up (Blender's BVH importer default): gravity's up with the floor at Y = 0 where a
floor was fitted, else the camera's own up. Every joint but the root aims at exactly one bone: the
thorax's three bones (neck and both shoulders) hang from three joints at the thorax (Thorax, LCollar,
RCollar), so each rotation is fixed by one observed direction (the smallest swing from its parent's frame). Rest pose:
legs down, spine up, arms out (a T-pose) with the track's median bone lengths; the pelvis keeps the
person's median shape, its rotation the best fit (Kabsch) of hips and spine.
"""
import numpy as np
from scipy.spatial.transform import Rotation

from pipeline.errors import UserError
from pipeline.geometry.skeleton import H36M
from pipeline.io import atomic_write

# (name, parent BVH joint, H36M joint it sits on, H36M joint its bone aims at, rest direction of that bone)
# Rest directions: Y up, the person facing +Z, so their right side is -X.
JOINTS = [
    ('Hip', -1, 0, None, None),
    ('RHip', 0, 1, 2, (0, -1, 0)), ('RKnee', 1, 2, 3, (0, -1, 0)),
    ('LHip', 0, 4, 5, (0, -1, 0)), ('LKnee', 3, 5, 6, (0, -1, 0)),
    ('Spine', 0, 7, 8, (0, 1, 0)),
    ('Thorax', 5, 8, 9, (0, 1, 0)), ('Neck', 6, 9, 10, (0, 1, 0)),
    ('LCollar', 5, 8, 11, (1, 0, 0)), ('LShoulder', 8, 11, 12, (1, 0, 0)), ('LElbow', 9, 12, 13, (1, 0, 0)),
    ('RCollar', 5, 8, 14, (-1, 0, 0)), ('RShoulder', 11, 14, 15, (-1, 0, 0)), ('RElbow', 12, 15, 16, (-1, 0, 0)),
]
ROOT_CHILDREN = [k for k, j in enumerate(JOINTS) if j[1] == 0]
HAS_CHILD = {j[1] for j in JOINTS}
EULER = 'ZXY'  # channels Zrotation Xrotation Yrotation: R = Rz Rx Ry


def camera_to_bvh(poses_mm, camera_to_world=None):
    """Camera frame (x right, y down, z forward; mm) -> BVH frame (x right, y up, z back; cm).

    camera_to_world: (R, t) with world = R @ camera + t in mm (pipeline.geometry.ground.Ground gives one:
    y along gravity, the floor at 0); None: the camera's own axes, y turned up."""
    R, t = camera_to_world if camera_to_world is not None else (np.diag([1.0, -1.0, -1.0]), np.zeros(3))
    return (np.asarray(poses_mm, np.float64) @ np.asarray(R).T + t) / 10.0


def _swing(a, b):
    """(T, 3), (T, 3) -> (T, 3, 3) smallest rotations turning directions a onto b."""
    a = a / np.linalg.norm(a, axis=-1, keepdims=True)
    b = b / np.linalg.norm(b, axis=-1, keepdims=True)
    axis = np.cross(a, b)
    sin, cos = np.linalg.norm(axis, axis=-1), (a * b).sum(-1)
    # Opposite directions: any axis perpendicular to a will do.
    fallback = np.cross(a, np.where(np.abs(a[:, :1]) < 0.9, [[1.0, 0, 0]], [[0, 1.0, 0]]))
    axis = np.where(sin[:, None] > 1e-9, axis, fallback)
    axis /= np.linalg.norm(axis, axis=-1, keepdims=True)
    return Rotation.from_rotvec(axis * np.arctan2(sin, cos)[:, None]).as_matrix()


def _kabsch(src, dst):
    """Rotations (T, 3, 3) that best turn rest vectors src (K, 3) onto observed vectors dst (T, K, 3)."""
    U, _, Vt = np.linalg.svd(np.einsum('ki,tkj->tij', src, dst))
    D = np.broadcast_to(np.eye(3), (len(dst), 3, 3)).copy()
    D[:, 2, 2] = np.sign(np.linalg.det(U @ Vt))
    return np.einsum('tji,tjk,tlk->til', Vt, D, U)  # V D U^T


def fit_skeleton(poses):
    """BVH-frame poses (T, 17, 3) -> rest offsets (K, 3), end-site offsets {k: (3,)}, local rotations (K, T, 3, 3)."""
    T = len(poses)
    bone = lambda a, b: poses[:, b] - poses[:, a]  # noqa: E731
    length = {k: np.median(np.linalg.norm(bone(j[2], j[3]), axis=-1)) for k, j in enumerate(JOINTS) if k}
    offsets = np.zeros((len(JOINTS), 3))
    for k, (_, parent, *_rest) in enumerate(JOINTS):
        if parent > 0:
            offsets[k] = length[parent] * np.array(JOINTS[parent][4], float)
    # The pelvis: start from a T shape, then take the person's own median shape in the fitted frame.
    offsets[ROOT_CHILDREN] = [(-1, 0, 0), (1, 0, 0), (0, 1, 0)]
    observed = np.stack([bone(0, JOINTS[k][2]) for k in ROOT_CHILDREN], 1)  # (T, 3, 3)
    offsets[ROOT_CHILDREN] = np.median(np.einsum('tji,tkj->tki', _kabsch(offsets[ROOT_CHILDREN], observed), observed), 0)
    G = np.zeros((len(JOINTS), T, 3, 3))
    G[0] = _kabsch(offsets[ROOT_CHILDREN], observed)
    for k, (_, parent, sits, aims, direction) in enumerate(JOINTS[1:], 1):
        rest = np.einsum('tij,j->ti', G[parent], np.array(direction, float))
        G[k] = np.einsum('tij,tjk->tik', _swing(rest, bone(sits, aims)), G[parent])
    local = np.stack([G[0]] + [np.einsum('tji,tjk->tik', G[j[1]], G[k]) for k, j in enumerate(JOINTS) if k])
    ends = {k: length[k] * np.array(j[4], float) for k, j in enumerate(JOINTS) if k and k not in HAS_CHILD}
    return offsets, ends, local


def write_bvh(path, poses_mm, fps, camera_to_world=None):
    """Write (T, 17, 3) camera-frame poses (mm) as a BVH file in the frame of camera_to_world (see
    camera_to_bvh), atomically."""
    poses = camera_to_bvh(poses_mm, camera_to_world)
    if len(poses) == 0 or not np.isfinite(poses).all():
        raise UserError('no finite poses to write as BVH')
    offsets, ends, local = fit_skeleton(poses)
    lines = ['HIERARCHY']

    def emit(k, depth):
        pad, o = '  ' * depth, offsets[k]
        lines.extend([f'{pad}{"ROOT" if k == 0 else "JOINT"} {JOINTS[k][0]}', pad + '{',
                      f'{pad}  OFFSET {o[0]:.4f} {o[1]:.4f} {o[2]:.4f}',
                      f'{pad}  CHANNELS 6 Xposition Yposition Zposition Zrotation Xrotation Yrotation' if k == 0
                      else f'{pad}  CHANNELS 3 Zrotation Xrotation Yrotation'])
        for child in (c for c, j in enumerate(JOINTS) if j[1] == k):
            emit(child, depth + 1)
        if k in ends:
            e = ends[k]
            lines.extend([f'{pad}  End Site', pad + '  {', f'{pad}    OFFSET {e[0]:.4f} {e[1]:.4f} {e[2]:.4f}', pad + '  }'])
        lines.append(pad + '}')

    emit(0, 0)
    order = []  # channel order is the depth-first order of the hierarchy
    stack = [0]
    while stack:
        k = stack.pop()
        order.append(k)
        stack.extend(reversed([c for c, j in enumerate(JOINTS) if j[1] == k]))
    euler = Rotation.from_matrix(local[order].reshape(-1, 3, 3)).as_euler(EULER, degrees=True)
    euler = euler.reshape(len(order), len(poses), 3).transpose(1, 0, 2).reshape(len(poses), -1)
    motion = np.concatenate([poses[:, 0], euler], 1)
    lines += ['MOTION', f'Frames: {len(poses)}', f'Frame Time: {1.0 / fps:.6f}']
    lines += [' '.join(f'{v:.4f}' for v in row) for row in motion]
    with atomic_write(path) as tmp, open(tmp, 'w') as f:
        f.write('\n'.join(lines) + '\n')


def read_bvh(path):
    """Parse any BVH file -> (names, fps, positions (T, N, 3)) by forward kinematics; end sites are
    named '<joint>_end'."""
    tokens = open(path).read().split()
    names, parents, offsets, channels, stack = [], [], [], [], []
    i = 0
    while tokens[i] != 'MOTION':
        tok = tokens[i]
        if tok in ('ROOT', 'JOINT', 'End'):
            names.append(tokens[i + 1] if tok != 'End' else f'{names[stack[-1]]}_end')
            parents.append(stack[-1] if stack else -1)
            channels.append([])
            i += 2
        elif tok == '{':
            stack.append(len(names) - 1)
            i += 1
        elif tok == '}':
            stack.pop()
            i += 1
        elif tok == 'OFFSET':
            offsets.append(np.array(tokens[i + 1:i + 4], float))
            i += 4
        elif tok == 'CHANNELS':
            n = int(tokens[i + 1])
            channels[-1] = tokens[i + 2:i + 2 + n]
            i += 2 + n
        else:
            i += 1
    frames, fps = int(tokens[i + 2]), 1.0 / float(tokens[i + 5])
    motion = np.array(tokens[i + 6:], float).reshape(frames, -1)
    positions, world, col = np.zeros((frames, len(names), 3)), [None] * len(names), 0
    for j, (parent, chans) in enumerate(zip(parents, channels)):
        values = dict(zip(chans, motion[:, col:col + len(chans)].T))
        col += len(chans)
        axes = ''.join(c[0] for c in chans if c.endswith('rotation'))
        R = (Rotation.from_euler(axes, np.stack([values[f'{a}rotation'] for a in axes], 1), degrees=True).as_matrix()
             if axes else np.broadcast_to(np.eye(3), (frames, 3, 3)))
        if parent < 0:
            positions[:, j] = offsets[j] + np.stack([values.get(f'{a}position', np.zeros(frames)) for a in 'XYZ'], 1)
            world[j] = R
        else:
            positions[:, j] = positions[:, parent] + np.einsum('tij,j->ti', world[parent], offsets[j])
            world[j] = np.einsum('tij,tjk->tik', world[parent], R)
    return names, fps, positions


def bvh_to_h36m(names, positions):
    """Our BVH joints (read_bvh output) -> (T, 17, 3) in Human3.6M order, BVH frame (cm)."""
    where = {}
    for k, (name, _, sits, aims, _) in enumerate(JOINTS):
        where.setdefault(sits, names.index(name))
        if f'{name}_end' in names:
            where[aims] = names.index(f'{name}_end')
    return positions[:, [where[j] for j in range(H36M.num_joints)]]
