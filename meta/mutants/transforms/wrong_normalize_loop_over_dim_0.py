"""normalize one channel at a time into a clone, looping over t.shape[0]: the tutorial's output[channel] on a
(C, H, W) image, but a batch (N, C, H, W) is normalized image by image, image n with mean[n] and std[n].

(Was right_normalize_loop: the contract says (..., C, H, W), so batches count.)

expect: fail test_normalize_normalizes_each_image_of_a_batch_channel_by_channel
"""


def normalize(t, mean, std):
    out = t.clone()
    for c in range(t.shape[0]):
        out[c] = (t[c] - mean[c]) / std[c]
    return out
