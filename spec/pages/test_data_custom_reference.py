"""Tutorial 1.4.3 Creating a Custom Dataset for your files (为你的文件创建自定义数据集): the reference's hardenings.

The reference's CustomImageDataset goes beyond the tutorial's in three ways a learner's need not
(test_data_custom.py checks what every right implementation does): a CSV saved with a byte-order
mark reads as without one; a file name outside img_dir (absolute, or climbing out with `..`) is
refused with its CSV line; a file that cannot be read or decoded is named by its path and line.
These test reference.data.CustomImageDataset itself, whatever --impl says.
"""

from __future__ import annotations

from pathlib import Path

import pytest

from reference.data import CustomImageDataset
from spec.helpers.checks import check, check_equal, check_raises
from spec.pages.test_data_custom import write_csv, write_images

pytestmark = pytest.mark.data
WHERE = "reference.data.CustomImageDataset (tutorial 1.4.3, beyond the page)"


@pytest.fixture
def img_dir(tmp_path: Path) -> Path:
    """Two grayscale PNGs, a.png and b.png, in tmp_path/images; a third, outside.png, beside that folder."""
    write_images(tmp_path / "images", ["a.png", "b.png"], mode="L", seed=0)
    write_images(tmp_path, ["outside.png"], mode="L", seed=1)
    return tmp_path / "images"


def contains(text: str, *parts: str) -> bool:
    return all(part in text for part in parts)


def test_reference_custom_dataset_reads_a_csv_with_a_byte_order_mark(img_dir: Path, tmp_path: Path) -> None:
    """Spreadsheets save UTF-8 CSV files with a BOM (EF BB BF): the first name is still "a.png"."""
    csv = tmp_path / "bom.csv"
    csv.write_bytes(b"\xef\xbb\xbfa.png,3\nb.png,7\n")
    dataset = CustomImageDataset(csv, img_dir)
    check_equal(
        [label for _, label in (dataset[0], dataset[1])],
        [3, 7],
        what="labels of a CSV with a BOM",
        where=WHERE,
        repro="CustomImageDataset(csv starting with b'\\xef\\xbb\\xbf', img_dir)",
    )


@pytest.mark.parametrize("name", ["/etc/hostname", "../outside.png", "a/../../outside.png"])
def test_reference_custom_dataset_refuses_a_file_outside_img_dir_naming_the_line(
    name: str, img_dir: Path, tmp_path: Path
) -> None:
    """Each file exists, so only the check stops it: img_dir / "/etc/hostname" is /etc/hostname."""
    csv = write_csv(tmp_path / "labels.csv", ["a.png,3", f"{name},1"])
    repro = f"CustomImageDataset(csv whose line 2 is '{name},1', img_dir)"
    exc = check_raises(ValueError, lambda: CustomImageDataset(csv, img_dir), what=repro, where=WHERE)
    check(
        contains(str(exc), "line 2", name, "outside"),
        what="the error",
        actual=str(exc),
        expected=f"a text naming line 2, {name!r} and that it is outside img_dir",
        where=WHERE,
        repro=repro,
    )


def test_reference_custom_dataset_accepts_a_file_in_a_subfolder(img_dir: Path, tmp_path: Path) -> None:
    """The check is about leaving img_dir, not about slashes: sub/c.png and sub/../a.png are inside."""
    write_images(img_dir / "sub", ["c.png"], mode="L", seed=2)
    csv = write_csv(tmp_path / "labels.csv", ["sub/c.png,5", "sub/../a.png,6"])
    dataset = CustomImageDataset(csv, img_dir)
    check_equal([dataset[0][1], dataset[1][1]], [5, 6], what="labels of sub/c.png and sub/../a.png", where=WHERE)


@pytest.mark.parametrize("content", [b"not an image, just text\n", b""], ids=["text", "empty"])
def test_reference_custom_dataset_names_a_file_that_is_not_an_image_by_path_and_line(
    content: bytes, img_dir: Path, tmp_path: Path
) -> None:
    (img_dir / "notes.png").write_bytes(content)
    csv = write_csv(tmp_path / "labels.csv", ["a.png,3", "b.png,1", "notes.png,2"])
    dataset = CustomImageDataset(csv, img_dir)
    exc = check_raises(
        ValueError, lambda: dataset[2], what="dataset[2], line 3: notes.png is not an image", where=WHERE
    )
    check(
        contains(str(exc), str(img_dir / "notes.png"), "line 3", str(csv)),
        what="the error",
        actual=str(exc),
        expected="a text naming the file's path, line 3 and the CSV",
        where=WHERE,
    )


def test_reference_custom_dataset_names_an_unreadable_file_by_path_and_line(img_dir: Path, tmp_path: Path) -> None:
    """Removed after the dataset was made (as root, a file without read permission is still readable)."""
    csv = write_csv(tmp_path / "labels.csv", ["a.png,3", "b.png,1"])
    dataset = CustomImageDataset(csv, img_dir)
    (img_dir / "b.png").unlink()
    exc = check_raises(OSError, lambda: dataset[1], what="dataset[1] after b.png was removed", where=WHERE)
    check(
        contains(str(exc), str(img_dir / "b.png"), "line 2"),
        what="the error",
        actual=str(exc),
        expected="a text naming the file's path and line 2",
        where=WHERE,
    )
