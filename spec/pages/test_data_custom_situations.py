"""Tutorial 1.4.3 Creating a Custom Dataset: CustomImageDataset in the situations its contract allows.

The situations, and where each is checked (test_data_custom.py unless named):

- labels_map: int keys 0..9, the tutorial's spelling or torchvision's.
- CSV size: one line, seven lines, a file named on two lines, no newline after the last line, labels of
  several digits.
- Arguments: str or pathlib.Path; transform and target_transform absent, one, or both.
- Images: grayscale (1, H, W) or RGB (3, H, W), H != W.
- Access: every index in order, past the end (IndexError), the same index twice (the transform runs anew).
- Broken CSV lines: a missing file, a label that is not an integer.
- Several instances (here): two datasets at once, over two directories holding files of the same names with
  other pixels, and CSVs of other lengths: each reads its own files, holds its own rows.
- In a DataLoader: batches stacked as (N, C, H, W) and (N,) int64. The batch sizes themselves (a multiple of
  the batch size, a last batch of one, drop_last, hundreds of batches) are DataLoader's own work, checked as
  facts in test_data_loader.py: a dataset only has to give len() and [idx] right, which the checks above do.
"""

from __future__ import annotations

from pathlib import Path

import pytest

from spec.helpers.calls import Call
from spec.helpers.checks import check_equal, check_tensor_equal
from spec.pages.test_data_custom import LABELS, NAMES, check_sample, chw, sample, write_csv, write_images

pytestmark = pytest.mark.data
# Both datasets alive together, the first read before the second is made (the test's own order).
TWO = Call(
    "CustomImageDataset",
    "second",
    setup="first = CustomImageDataset('first.csv', 'first'); [first[i] for i in range(4)]; "
    "second = CustomImageDataset('second.csv', 'second')",
)


def test_custom_dataset_two_datasets_with_the_same_file_names_read_their_own_images(impl, tmp_path: Path) -> None:
    """Two datasets made one after the other, alive together, over two directories with the same file names:
    a cache keyed by file name (a module-level dict, functools.lru_cache) hands the second the first's images;
    rows kept at class level hand it the first's rows."""
    first_arrays = write_images(tmp_path / "first", NAMES[:4], mode="L", seed=10)
    second_arrays = write_images(tmp_path / "second", NAMES[:3], mode="L", seed=11)  # other pixels, same names
    first_csv = write_csv(tmp_path / "first.csv", [f"{n},{y}" for n, y in zip(NAMES[:4], LABELS)])
    first = impl.CustomImageDataset(str(first_csv), str(tmp_path / "first"))
    for idx in range(4):  # the first dataset read once: any cache is filled now
        sample(first, idx, call=TWO.named("first"))
    second = impl.CustomImageDataset(
        str(write_csv(tmp_path / "second.csv", [f"{n},{y}" for n, y in zip(NAMES[:3], LABELS[3:])])),
        str(tmp_path / "second"),
    )
    check_equal(
        (len(first), len(second)),
        (4, 3),
        call=TWO.named("(len(first), len(second))"),
        situation="a 4-line and a 3-line CSV: each dataset holds its own rows",
    )
    for idx in range(3):
        check_sample(
            second,
            idx,
            LABELS[3 + idx],
            second_arrays[idx],
            call=TWO,
            situation=f"second/{NAMES[idx]}, after first/{NAMES[idx]} was read: each dataset reads its own img_dir",
        )
    image, _ = sample(first, 0, call=TWO.named("first"))
    check_tensor_equal(image, chw(first_arrays[0]), call=TWO.named("first[0][0]"), situation="after second was read")
