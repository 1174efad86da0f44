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
from spec.helpers.calls import Call
from spec.helpers.checks import check, check_equal, check_raises
from spec.pages.test_data_custom import write_csv, write_images

pytestmark = pytest.mark.data
IMPORT = "from reference.data import CustomImageDataset"
MAKE = Call("CustomImageDataset", "CustomImageDataset(csv, img_dir)", setup=IMPORT)
DATASET = Call("CustomImageDataset", "dataset", setup=f"{IMPORT}; dataset = CustomImageDataset(csv, img_dir)")


@pytest.fixture
def img_dir(tmp_path: Path) -> Path:
    """Two grayscale PNGs, a.png and b.png, in tmp_path/images; a third, outside.png, beside that folder."""
    write_images(tmp_path / "images", ["a.png", "b.png"], mode="L", seed=0)
    write_images(tmp_path, ["outside.png"], mode="L", seed=1)
    return tmp_path / "images"


def check_error(exc: BaseException, parts: tuple[str, ...], *, call: Call, expected: str, situation: str = "") -> None:
    """The error's text names every one of `parts`."""
    __tracebackhide__ = True
    text = str(exc)
    check(all(p in text for p in parts), call=call, actual=text, expected=expected, kind="other", situation=situation)


def test_reference_custom_dataset_reads_a_csv_with_a_byte_order_mark(img_dir: Path, tmp_path: Path) -> None:
    """Spreadsheets save UTF-8 CSV files with a BOM (EF BB BF): the first name is still "a.png"."""
    csv = tmp_path / "bom.csv"
    csv.write_bytes(b"\xef\xbb\xbfa.png,3\nb.png,7\n")
    dataset = CustomImageDataset(csv, img_dir)
    check_equal(
        [label for _, label in (dataset[0], dataset[1])],
        [3, 7],
        call=DATASET.named("[dataset[0][1], dataset[1][1]]"),
        situation="csv starts with the byte-order mark b'\\xef\\xbb\\xbf'",
    )


@pytest.mark.parametrize("name", ["/etc/hostname", "../outside.png", "a/../../outside.png"])
def test_reference_custom_dataset_refuses_a_file_outside_img_dir_naming_the_line(
    name: str, img_dir: Path, tmp_path: Path
) -> None:
    """Each file exists, so only the check stops it: img_dir / "/etc/hostname" is /etc/hostname."""
    csv = write_csv(tmp_path / "labels.csv", ["a.png,3", f"{name},1"])
    situation = f"line 2 of the CSV is {name},1"
    exc = check_raises(ValueError, lambda: CustomImageDataset(csv, img_dir), call=MAKE, situation=situation)
    expected = f"an error naming line 2, {name!r} and that it is outside img_dir"
    check_error(exc, ("line 2", name, "outside"), call=MAKE, expected=expected, situation=situation)


def test_reference_custom_dataset_accepts_a_file_in_a_subfolder(img_dir: Path, tmp_path: Path) -> None:
    """The check is about leaving img_dir, not about slashes: sub/c.png and sub/../a.png are inside."""
    write_images(img_dir / "sub", ["c.png"], mode="L", seed=2)
    csv = write_csv(tmp_path / "labels.csv", ["sub/c.png,5", "sub/../a.png,6"])
    dataset = CustomImageDataset(csv, img_dir)
    check_equal(
        [dataset[0][1], dataset[1][1]],
        [5, 6],
        call=DATASET.named("[dataset[0][1], dataset[1][1]]"),
        situation="the CSV lines sub/c.png,5 and sub/../a.png,6",
    )


@pytest.mark.parametrize("content", [b"not an image, just text\n", b""], ids=["text", "empty"])
def test_reference_custom_dataset_names_a_file_that_is_not_an_image_by_path_and_line(
    content: bytes, img_dir: Path, tmp_path: Path
) -> None:
    (img_dir / "notes.png").write_bytes(content)
    csv = write_csv(tmp_path / "labels.csv", ["a.png,3", "b.png,1", "notes.png,2"])
    dataset = CustomImageDataset(csv, img_dir)
    situation = "line 3 of the CSV names notes.png, which is not an image"
    exc = check_raises(ValueError, lambda: dataset[2], call=DATASET.at(2), situation=situation)
    parts, expected = (
        (str(img_dir / "notes.png"), "line 3", str(csv)),
        "an error naming the file's path, line 3, the CSV",
    )
    check_error(exc, parts, call=DATASET.at(2), expected=expected, situation=situation)


def test_reference_custom_dataset_names_an_unreadable_file_by_path_and_line(img_dir: Path, tmp_path: Path) -> None:
    """Removed after the dataset was made (as root, a file without read permission is still readable)."""
    csv = write_csv(tmp_path / "labels.csv", ["a.png,3", "b.png,1"])
    dataset = CustomImageDataset(csv, img_dir)
    (img_dir / "b.png").unlink()
    call = DATASET.also("os.remove(img_dir / 'b.png')").at(1)
    exc = check_raises(OSError, lambda: dataset[1], call=call)
    check_error(
        exc, (str(img_dir / "b.png"), "line 2"), call=call, expected="an error naming the file's path and line 2"
    )
