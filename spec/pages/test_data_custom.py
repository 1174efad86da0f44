"""Tutorial 1.4.2 Iterating and Visualizing the Dataset (labels_map) and 1.4.3 Creating a Custom Dataset for your files.

`CustomImageDataset(annotations_file, img_dir, transform=None, target_transform=None)`: the labels
are a CSV file *without a header row*, every line `file_name,label`; the images are read from img_dir
as uint8 tensors (C, H, W), as the tutorial's read_image gives them; `dataset[idx]` is
`(image, label)`, with transform applied to the image and target_transform to the label when given.
A line naming a missing file fails (when the dataset is made or read) with a message naming the file or
the line; a label that is not an integer is never turned into one. The tutorial's own class meets all of
this once `header=None` is added to its pd.read_csv (without it, line 1 is taken for a header and lost:
ERRATA.md): its errors come from read_image and pandas; checking the lines up front, naming them, is
better but not required. A message that gives a line number
must give the right one, counted from 1.
Any way of reading the CSV (csv, str.split, pandas) and the image (read_image, decode_image,
PIL + PILToTensor) is right, as long as these hold.
"""

from __future__ import annotations

import re
from pathlib import Path
from typing import Any

import numpy as np
import pytest
import torch
from PIL import Image
from torch.utils.data import DataLoader, Dataset
from torchvision import datasets
from torchvision.io import read_image

from spec.helpers.calls import Call
from spec.helpers.checks import call_checked, check, check_equal, check_raises, check_tensor_equal, result_or_error
from spec.helpers.random_stream import check_draws_no_random_numbers

pytestmark = pytest.mark.data

# The files: names in no sorted order, labels unlike their line numbers, one label twice.
HEIGHT, WIDTH = 17, 11  # odd and non-square, so a (H, W, C) or (W, H) mix-up shows
NAMES = ["tshirt_0042.png", "boot_7.png", "a_first.png", "z_last.png", "coat.png", "m_middle.png", "b.png"]
LABELS = [3, 9, 0, 7, 7, 1, 4]


def dataset_call(*args: str, lines: list[str] | None = None, **kwargs: str) -> Call:
    """The text `dataset`, made by `dataset = CustomImageDataset(*args, **kwargs)`: index it with .at(idx). Its setup
    writes the page's files (`example_files`, with the CSV's `lines` where the test wrote its own), and makes the
    transforms `t` and `tt` it names, so the reproduce line runs as pasted."""
    files = f"example_files(lines={lines!r})" if lines is not None else "example_files()"
    setup = f"from spec.pages.test_data_custom import Recorder, example_files; annotations_file, img_dir = {files}"
    recorders = [name for name in ("t", "tt") if name in kwargs.values()]
    if recorders:
        setup += f"; {', '.join(recorders)} = {', '.join('Recorder()' for _ in recorders)}"
    made = Call.of("CustomImageDataset", *args, **kwargs)
    return Call("CustomImageDataset", "dataset", setup=f"{setup}; dataset = {made}")


DATASET = dataset_call("annotations_file", "img_dir")
READ_ALL = DATASET.named("[dataset[i] for i in range(len(dataset))]")
MAP = Call("labels_map", "labels_map")


def write_images(img_dir: Path, names: list[str], *, mode: str, seed: int) -> list[np.ndarray]:
    """Random PNG images, one per name: (H, W) for mode "L", (H, W, 3) for "RGB"; returns the pixel arrays."""
    rng = np.random.default_rng(seed)
    img_dir.mkdir(parents=True, exist_ok=True)
    shape = (HEIGHT, WIDTH) if mode == "L" else (HEIGHT, WIDTH, 3)
    arrays = [rng.integers(0, 256, size=shape, dtype=np.uint8) for _ in names]
    for name, array in zip(names, arrays):
        Image.fromarray(array, mode=mode).save(img_dir / name)
    return arrays


def write_csv(path: Path, lines: list[str]) -> Path:
    """A header-less CSV file: the given lines, each ended by a newline."""
    path.parent.mkdir(parents=True, exist_ok=True)
    path.write_text("".join(f"{line}\n" for line in lines))
    return path


def chw(array: np.ndarray) -> torch.Tensor:
    """What read_image gives for a file of these pixels: uint8 (C, H, W)."""
    t = torch.from_numpy(array)
    return t.unsqueeze(0) if t.ndim == 2 else t.permute(2, 0, 1)


class Files:
    """A temporary img_dir of grayscale PNGs and, in another directory, their annotations file."""

    def __init__(self, base: Path) -> None:
        self.img_dir = base / "images"
        self.arrays = write_images(self.img_dir, NAMES, mode="L", seed=0)
        write_images(self.img_dir, ["not_in_the_csv.png"], mode="L", seed=1)  # a file the CSV does not list
        self.csv = write_csv(base / "labels" / "annotations.csv", [f"{n},{y}" for n, y in zip(NAMES, LABELS)])

    def dataset(self, impl: Any, **transforms: Any) -> Any:
        return impl.CustomImageDataset(str(self.csv), str(self.img_dir), **transforms)


def example_files(folder: str = "custom", lines: list[str] | None = None) -> tuple[str, str]:
    """(annotations_file, img_dir) of the page's files written under `folder`, for a reproduce line; `lines`: the
    CSV's lines in place of the page's."""
    made = Files(Path(folder))
    if lines is not None:
        write_csv(made.csv, lines)
    return str(made.csv), str(made.img_dir)


@pytest.fixture(scope="module")
def files(tmp_path_factory: pytest.TempPathFactory) -> Files:
    return Files(tmp_path_factory.mktemp("custom"))


# ---------------------------------------------------------------------------------------------
# Reading a sample. The page's dataset gives tensors; one that gives PIL images fails one test that says so
# (test_custom_dataset_image_is_a_tensor) and every other test that needs the image points there in one line.
# PIL images are closed as soon as they are seen: Image.open keeps the file open until then, and an unclosed
# file's ResourceWarning would otherwise fail whichever test happens to run the garbage collector.

PIL_TEST = "test_custom_dataset_image_is_a_tensor"


def release(sample: Any) -> None:
    """Close the PIL images in a sample (image, label) or in the calls a Recorder saw."""
    for part in sample if isinstance(sample, (tuple, list)) else (sample,):
        if isinstance(part, Image.Image):
            part.close()


def pil(image: Image.Image) -> str:
    return f"a PIL image ({image.mode}, {image.width}x{image.height})"


def tensor_image(image: Any, *, call: Call) -> Any:
    """The image, or (for a PIL image) a one-line failure that points at PIL_TEST."""
    __tracebackhide__ = True
    if isinstance(image, Image.Image):
        image.close()
        check(False, call=call, actual=pil(image), expected=f"a tensor: see {PIL_TEST}", kind="type")
    return image


def sample(dataset: Any, idx: int, *, image: bool = True, call: Call = DATASET) -> tuple[Any, Any]:
    """dataset[idx] as (image, label), failing in the spec's words if it raises or is not a pair.

    image=True: the image must be a tensor (tensor_image); False: the test reads the label only.
    """
    __tracebackhide__ = True
    out = call_checked(lambda: dataset[idx], call=call.at(idx), expected="a pair (image, label)")
    if not (isinstance(out, (tuple, list)) and len(out) == 2):
        release(out)
        check(False, call=call.at(idx), actual=out, expected="a pair (image, label): return image, label", kind="type")
    if image:
        tensor_image(out[0], call=call.at(idx).at(0))
    release(out)
    return out[0], out[1]


def check_sample(
    dataset: Any, idx: int, label: int, array: np.ndarray, *, call: Call = DATASET, situation: str = ""
) -> None:
    """dataset[idx] is (the image of these pixels, uint8 (C, H, W), label), each checked exactly."""
    __tracebackhide__ = True
    image, got = sample(dataset, idx, call=call)
    check_equal(got, label, call=call.at(idx).at(1), situation=situation)
    check_tensor_equal(image, chw(array), call=call.at(idx).at(0), situation=situation)


class Recorder:
    """A transform that records what it is given and returns a marker of the call: ("transformed", n)."""

    def __init__(self) -> None:
        self.calls: list[Any] = []

    def __call__(self, x: Any) -> tuple[str, int]:
        self.calls.append(x)
        return ("transformed", len(self.calls))


# ---------------------------------------------------------------------------------------------
# labels_map (1.4.2)


def test_labels_map_keys_are_the_integer_labels_0_to_9(impl) -> None:
    keys = list(impl.labels_map.keys())
    check_equal(sorted(keys, key=repr), list(range(10)), call=MAP.named("sorted(labels_map, key=repr)"))
    types = sorted({type(k).__name__ for k in keys})  # ["int"] exactly when every key is an int (keys are 0..9)
    check_equal(types, ["int"], call=MAP.named("sorted({type(k).__name__ for k in labels_map})"), kind="type")


def test_labels_map_follows_the_fashion_mnist_class_order(impl) -> None:
    """labels_map[i] names class i of the data set: torchvision's FashionMNIST.classes is the oracle. The
    tutorial's spelling ("T-Shirt", "Ankle Boot") and torchvision's ("T-shirt/top", "Ankle boot") are both right."""

    def plain(name: str) -> str:  # "T-shirt/top" -> "t-shirt", "Ankle Boot" -> "ankle boot"
        return name.split("/")[0].strip().lower()

    for label, name in enumerate(datasets.FashionMNIST.classes):
        got = plain(str(impl.labels_map.get(label)))
        check_equal(got, plain(name), call=MAP.at(label), situation="in lower case, up to any '/'")


# ---------------------------------------------------------------------------------------------
# CustomImageDataset (1.4.3)


def test_custom_dataset_is_a_torch_dataset(impl, files: Files) -> None:
    """The tutorial: a custom dataset inherits torch.utils.data.Dataset."""
    dataset = files.dataset(impl)
    check_equal(isinstance(dataset, Dataset), True, call=DATASET.named("isinstance(dataset, Dataset)"), kind="type")


def test_custom_dataset_len_counts_every_csv_line(impl, files: Files) -> None:
    """Seven lines, seven samples: the first line is data (no header row), the unlisted file is not."""
    check_equal(len(files.dataset(impl)), len(NAMES), call=DATASET.named("len(dataset)"), situation="a 7-line CSV")


def test_custom_dataset_reads_a_csv_of_one_line(impl, files: Files, tmp_path: Path) -> None:
    """A one-line CSV is one sample (np.loadtxt without ndmin=2 reads it as one row of two strings, 1-D)."""
    line = f"{NAMES[1]},{LABELS[1]}"
    dataset = impl.CustomImageDataset(str(write_csv(tmp_path / "one.csv", [line])), str(files.img_dir))
    call = dataset_call("annotations_file", "img_dir", lines=[line])
    check_equal(len(dataset), 1, call=call.named("len(dataset)"), situation=f"the 1-line CSV {line}")
    check_sample(dataset, 0, LABELS[1], files.arrays[1], call=call, situation=f"the 1-line CSV {line}")


def test_custom_dataset_keeps_a_file_listed_on_two_lines(impl, files: Files, tmp_path: Path) -> None:
    """Every line is a sample, even one naming a file listed before (oversampling): no dict keyed by file name."""
    lines = [f"{NAMES[4]},{LABELS[4]}", f"{NAMES[6]},{LABELS[6]}", f"{NAMES[4]},{LABELS[4]}"]
    dataset = impl.CustomImageDataset(str(write_csv(tmp_path / "twice.csv", lines)), str(files.img_dir))
    call = dataset_call("annotations_file", "img_dir", lines=lines)
    check_equal(len(dataset), 3, call=call.named("len(dataset)"), situation=f"the CSV {lines}")
    check_sample(dataset, 2, LABELS[4], files.arrays[4], call=call, situation=f"line 3 of the CSV {lines}")


def test_custom_dataset_reads_the_last_line_without_a_final_newline(impl, files: Files, tmp_path: Path) -> None:
    """A CSV whose last line has no newline (as many editors save it) still has that line, label 12 whole:
    line[:-1] would cut it to 1, read().split("\\n")[:-1] would drop the line."""
    lines = [f"{NAMES[0]},{LABELS[0]}", f"{NAMES[3]},12"]
    csv = tmp_path / "no_final_newline.csv"
    csv.write_text("\n".join(lines))
    dataset = impl.CustomImageDataset(str(csv), str(files.img_dir))
    situation = f"the CSV {lines} without a final newline"
    check_equal(len(dataset), 2, call=DATASET.named("len(dataset)"), situation=situation)
    check_sample(dataset, 1, 12, files.arrays[3], situation=situation)


def test_custom_dataset_reads_labels_of_several_digits(impl, files: Files, tmp_path: Path) -> None:
    """A label is the whole integer after the comma (other data sets have more than 10 classes)."""
    labels = [10, 105, 7]
    lines = [f"{name},{label}" for name, label in zip(NAMES, labels)]
    dataset = impl.CustomImageDataset(str(write_csv(tmp_path / "digits.csv", lines)), str(files.img_dir))
    call = dataset_call("annotations_file", "img_dir", lines=lines)
    got = [sample(dataset, i, image=False, call=call)[1] for i in range(len(labels))]
    check_equal(got, labels, call=call.named("[dataset[i][1] for i in range(3)]"), situation=f"the CSV {lines}")


def test_custom_dataset_accepts_path_objects(impl, files: Files) -> None:
    """annotations_file and img_dir may be pathlib.Path (os.path.join, Path / name and f-strings take both)."""
    dataset = impl.CustomImageDataset(files.csv, files.img_dir)
    call = dataset_call("Path(annotations_file)", "Path(img_dir)")
    check_sample(dataset, 3, LABELS[3], files.arrays[3], call=call)


def test_custom_dataset_iteration_stops_after_its_len_samples(impl, files: Files) -> None:
    """`for image, label in dataset` reads dataset[0], dataset[1], ... until an IndexError: exactly len samples.

    A past-the-end index must raise IndexError (as a list, a tensor or pandas' iloc do), not wrap around to
    sample 0 (idx % len) nor raise KeyError (a dict keyed by index).
    """
    dataset = files.dataset(impl)
    count = 0
    try:
        for item in dataset:
            release(item)
            count += 1
            if count > len(NAMES):
                break  # dataset[len(dataset)] gave a sample: the loop would never end
        stopped = f"{count} samples" if count <= len(NAMES) else f"more than {len(NAMES)} samples, without end"
    except NotImplementedError:
        raise  # __getitem__ still a stub: not implemented, not a crash
    except Exception as exc:  # noqa: BLE001 - the finding: iteration crashed instead of stopping
        stopped = f"{type(exc).__name__}: {exc} after {count} samples"
    situation = f"a {len(NAMES)}-line CSV: dataset[{len(NAMES)}] raises IndexError, which ends the loop"
    counted = DATASET.named("f'{len(list(dataset))} samples'")  # list() reads dataset[0], [1], ... as `for` does
    check_equal(stopped, f"{len(NAMES)} samples", call=counted, kind="other", situation=situation)


def test_custom_dataset_first_line_is_the_first_sample_not_a_header(impl, files: Files) -> None:
    check_sample(files.dataset(impl), 0, LABELS[0], files.arrays[0], situation="the CSV's first line, not a header")


def test_custom_dataset_returns_samples_in_csv_order(impl, files: Files) -> None:
    dataset = files.dataset(impl)
    for idx, (name, label) in enumerate(zip(NAMES, LABELS)):
        check_sample(dataset, idx, label, files.arrays[idx], situation=f"line {idx + 1}: {name},{label}")


def test_custom_dataset_image_is_uint8(impl, files: Files) -> None:
    """read_image gives the file's bytes as they are: uint8 0..255 (scaling to float is ToTensor's job, 1.5)."""
    image, _ = sample(files.dataset(impl), 1)
    check_equal(getattr(image, "dtype", type(image)), torch.uint8, call=DATASET.at(1).at(0).dot("dtype"))


def test_custom_dataset_image_is_a_tensor(impl, files: Files) -> None:
    """The page's dataset gives each image as a tensor, as the tutorial's read_image(img_path) reads it. A PIL image
    (what torchvision's FashionMNIST gives without a transform) fails every test that looks at the image; they
    point here. ToTensor() is not the fix: it scales to float32 in [0, 1], and this page's images are uint8."""
    out = call_checked(lambda: files.dataset(impl)[1], call=DATASET.at(1), expected="a pair (image, label)")
    image = out[0] if isinstance(out, (tuple, list)) and len(out) == 2 else out
    kind = pil(image) if isinstance(image, Image.Image) else type(image).__name__
    release(out)
    check(
        isinstance(image, torch.Tensor),
        call=DATASET.named("type(dataset[1][0])"),
        actual=kind,
        expected="a torch.Tensor, uint8 (C, H, W): read the file with torchvision.io.read_image(img_path) as the "
        "tutorial does, or open it with PIL and convert it with torchvision.transforms.PILToTensor()",
        kind="type",
    )


def test_custom_dataset_image_is_channels_first(impl, files: Files) -> None:
    """(C, H, W) = (1, 17, 11) for a 17-high, 11-wide grayscale PNG, as read_image gives it."""
    image, _ = sample(files.dataset(impl), 1)
    check_equal(tuple(getattr(image, "shape", ())), (1, HEIGHT, WIDTH), call=DATASET.at(1).at(0).dot("shape"))


def test_custom_dataset_keeps_the_color_channels_of_rgb_images(impl, tmp_path: Path) -> None:
    names = ["red.png", "green.png"]
    arrays = write_images(tmp_path / "rgb", names, mode="RGB", seed=2)
    csv = write_csv(tmp_path / "rgb.csv", [f"{names[0]},5", f"{names[1]},2"])
    image, _ = sample(impl.CustomImageDataset(str(csv), str(tmp_path / "rgb")), 1)
    check_tensor_equal(image, chw(arrays[1]), call=DATASET.at(1).at(0), situation="an RGB PNG, (3, 17, 11)")


def test_custom_dataset_reads_jpeg_files_as_the_tutorials_csv_names_them(impl, tmp_path: Path) -> None:
    """The tutorial's CSV lists JPEG files (tshirt1.jpg, ankleboot999.jpg): a grayscale and an RGB JPEG come back
    as read_image decodes them, (1, H, W) and (3, H, W). A reader written for PNG alone (decode_png) refuses them."""
    names, arrays = ["tshirt1.jpg", "ankleboot999.jpg"], []
    for name, mode, seed in zip(names, ("L", "RGB"), (3, 4)):
        arrays += write_images(tmp_path / "jpeg", [name], mode=mode, seed=seed)
    csv = write_csv(tmp_path / "jpeg.csv", [f"{names[0]},0", f"{names[1]},9"])
    dataset = impl.CustomImageDataset(str(csv), str(tmp_path / "jpeg"))
    for idx, name in enumerate(names):
        expected = read_image(str(tmp_path / "jpeg" / name))  # JPEG is lossy: the file's pixels, not the array's
        image, _ = sample(dataset, idx)
        check_tensor_equal(image, expected, call=DATASET.at(idx).at(0), situation=f"{name}, a JPEG file")


def test_custom_dataset_label_is_an_int(impl, files: Files) -> None:
    """The label is the CSV's integer: a Python int (numpy's integer, which pandas gives, counts too)."""
    _, label = sample(files.dataset(impl), 2, image=False)
    is_int = isinstance(label, (int, np.integer)) and not isinstance(label, (bool, np.bool_))
    check(is_int, call=DATASET.named("type(dataset[2][1])"), actual=type(label), expected="int", kind="type")


def test_custom_dataset_applies_transform_to_the_image_only(impl, files: Files) -> None:
    transform = Recorder()
    image, label = sample(files.dataset(impl, transform=transform), 4, image=False)
    call = dataset_call("annotations_file", "img_dir", transform="t")
    check_equal(image, ("transformed", 1), call=call.at(4).at(0))
    check_equal(len(transform.calls), 1, call=call.named("len(t.calls)"), situation="calls of t for one dataset[4]")
    given = tensor_image(transform.calls[0], call=call.named("t.calls[0]"))
    check_tensor_equal(given, chw(files.arrays[4]), call=call.named("t.calls[0]"), situation="what t was given")
    check_equal(label, LABELS[4], call=call.at(4).at(1))


def test_custom_dataset_applies_target_transform_to_the_label_only(impl, files: Files) -> None:
    target_transform = Recorder()
    image, label = sample(files.dataset(impl, target_transform=target_transform), 4)
    call = dataset_call("annotations_file", "img_dir", target_transform="tt")
    check_equal(label, ("transformed", 1), call=call.at(4).at(1))
    check_equal(target_transform.calls, [LABELS[4]], call=call.named("tt.calls"), situation="what tt was given")
    check_tensor_equal(image, chw(files.arrays[4]), call=call.at(4).at(0))


def test_custom_dataset_applies_both_transforms_each_to_its_own(impl, files: Files) -> None:
    transform, target_transform = Recorder(), Recorder()
    image, label = sample(files.dataset(impl, transform=transform, target_transform=target_transform), 5, image=False)
    call = dataset_call("annotations_file", "img_dir", transform="t", target_transform="tt")
    check_equal((image, label), (("transformed", 1), ("transformed", 1)), call=call.at(5))
    check_equal(target_transform.calls, [LABELS[5]], call=call.named("tt.calls"), situation="what tt was given")
    given = tensor_image(transform.calls[0], call=call.named("t.calls[0]"))
    check_tensor_equal(given, chw(files.arrays[5]), call=call.named("t.calls[0]"), situation="what t was given")


def test_custom_dataset_applies_transform_on_every_access(impl, files: Files) -> None:
    """A random transform (1.5) must draw anew each time a sample is read, not once when the dataset is made."""
    transform = Recorder()
    dataset = files.dataset(impl, transform=transform)
    before = len(transform.calls)
    first, _ = sample(dataset, 3, image=False)
    second, _ = sample(dataset, 3, image=False)
    release(transform.calls)
    call = dataset_call("annotations_file", "img_dir", transform="t")
    check_equal(len(transform.calls) - before, 2, call=call.named("len(t.calls)"), situation="two dataset[3]")
    both = call.named("(dataset[3][0], dataset[3][0])")
    check(first != second, call=both, actual=(first, second), expected="two separate results of t")


def test_custom_dataset_batches_through_a_dataloader(impl, files: Files) -> None:
    """DataLoader stacks the samples: images uint8 (4, 1, 17, 11), labels int64 (4,)."""
    dataset = files.dataset(impl)
    sample(dataset, 0)  # a sample that is no (tensor, label) pair fails here, in the spec's words, not in collate
    call = DATASET.named("next(iter(DataLoader(dataset, batch_size=4)))")
    images, labels = call_checked(
        lambda: next(iter(DataLoader(dataset, batch_size=4))), call=call, expected="(images, labels)"
    )
    check_tensor_equal(labels, torch.tensor(LABELS[:4]), call=call.at(1))
    check_tensor_equal(images, torch.stack([chw(a) for a in files.arrays[:4]]), call=call.at(0))


def read_all(impl: Any, csv: Path, img_dir: Path) -> list[Any]:
    dataset = impl.CustomImageDataset(str(csv), str(img_dir))
    samples: list[Any] = []
    try:
        for i in range(len(dataset)):
            samples.append(dataset[i])
    finally:  # also when a later sample raises: the PIL images read so far are closed
        for item in samples:
            release(item)
    return samples


def error_text(exc: BaseException, tmp_root: Path) -> str:
    """The error's message, its notes and those of its explicit causes, with the temporary directories cut out."""
    parts = []
    while exc is not None:
        parts += [str(exc), *getattr(exc, "__notes__", [])]
        exc = exc.__cause__
    text = "\n".join(parts)
    for root in {str(tmp_root), str(tmp_root.resolve())}:
        text = text.replace(root, "<tmp>")  # pytest's numbered directories would pass for line numbers
    return text


def line_numbers(text: str) -> list[int]:
    """The line numbers an error message gives: "line 4", "Line 4:", "line: 4"."""
    return [int(n) for n in re.findall(r"\bline\b\W{0,2}(\d+)", text, flags=re.IGNORECASE)]


def check_line_number(exc: BaseException, text: str, *, lineno: int, situation: str) -> None:
    """A message that gives a line number gives `lineno` (counted from 1, as editors count), or no number."""
    __tracebackhide__ = True
    numbers = line_numbers(text)
    check(
        not numbers or lineno in numbers,
        call=READ_ALL,
        actual=f"an error with line numbers {numbers}: {type(exc).__name__}: {exc}",
        expected=f"an error with line number {lineno} (the CSV's lines counted from 1), or no line number at all",
        kind="other",
        situation=situation,
    )


def test_custom_dataset_error_for_a_missing_file_names_it(
    impl, files: Files, tmp_path: Path, tmp_path_factory: pytest.TempPathFactory
) -> None:
    """Line 4 names a file that is not there: making the dataset or reading it fails, naming the file or the line.

    The tutorial's read_image names the file it could not open; a check when the CSV is read can name the line
    ("line 4", or its text "missing.png,2"). Skipping the line quietly, or an error about something else, hides it.
    """
    lines = [f"{n},{y}" for n, y in zip(NAMES, LABELS)]
    lines.insert(3, "missing.png,2")
    csv = write_csv(tmp_path / "missing.csv", lines)
    situation = "line 4 of the CSV is missing.png,2"
    exc = check_raises(Exception, lambda: read_all(impl, csv, files.img_dir), call=READ_ALL, situation=situation)
    text = error_text(exc, tmp_path_factory.getbasetemp())
    check(
        "missing.png" in text or bool(line_numbers(text)),
        call=READ_ALL,
        actual=f"{type(exc).__name__}: {exc}",
        expected="an error naming the missing file (missing.png) or the CSV line (line 4)",
        kind="other",
        situation=situation,
    )
    check_line_number(exc, text, lineno=4, situation=situation)


@pytest.mark.parametrize("label", ["seven", "2.5"])
def test_custom_dataset_label_that_is_not_an_integer_is_not_made_one(
    impl, files: Files, tmp_path: Path, tmp_path_factory: pytest.TempPathFactory, label: str
) -> None:
    """Line 3's label is not an integer: an error, or the label as it was read, but never an int made up from it
    (int(float("2.5")) is 2, a real class: a typo in the CSV would train on a wrong label unnoticed)."""
    lines = [f"{n},{y}" for n, y in zip(NAMES, LABELS)]
    lines[2] = f"{NAMES[2]},{label}"
    csv = write_csv(tmp_path / "labels.csv", lines)
    situation = f"line 3 of the CSV is {lines[2]}"
    samples = result_or_error(lambda: read_all(impl, csv, files.img_dir))
    if isinstance(samples, Exception):  # an error is right: the CSV is broken
        check_line_number(samples, error_text(samples, tmp_path_factory.getbasetemp()), lineno=3, situation=situation)
        return
    check(
        len(samples) > 2 and isinstance(samples[2], (tuple, list)) and len(samples[2]) == 2,
        call=DATASET.at(2),
        actual=samples[2] if len(samples) > 2 else "no sample 2",
        expected="a pair (image, label), or an error",
        kind="type",
        situation=situation,
    )
    got = samples[2][1]
    made_up = isinstance(got, (int, np.integer)) or (isinstance(got, torch.Tensor) and not got.is_floating_point())
    check(
        not made_up,
        call=DATASET.at(2).at(1),
        actual=got,
        expected=f"an error, or {label!r} as read (a string or a float), not an integer made from it",
        situation=situation,
    )


def test_custom_dataset_draws_no_random_numbers(impl, files: Files) -> None:
    """Reading the CSV and a sample draws nothing from torch's random stream and never reseeds it (without a random
    transform): the random transforms and the shuffling DataLoader around the dataset draw anew each epoch."""

    def read() -> None:
        dataset = files.dataset(impl)
        len(dataset), dataset[0]

    call = DATASET.named("len(dataset), dataset[0]").also(f"dataset = {DATASET.text}")
    check_draws_no_random_numbers(read, call=call)


def test_custom_dataset_reads_the_csv_anew_for_each_dataset(impl, files: Files, tmp_path: Path) -> None:
    """Two datasets made one after the other from one path, the file rewritten in between (the next fold's labels):
    the second reads the new file. Rows kept by id(annotations_file) or by path give the first file's."""
    csv, path = tmp_path / "fold.csv", str(tmp_path / "fold.csv")
    write_csv(csv, [f"{NAMES[0]},{LABELS[0]}"])
    impl.CustomImageDataset(path, str(files.img_dir))
    write_csv(csv, [f"{NAMES[1]},{LABELS[1]}", f"{NAMES[2]},{LABELS[2]}"])
    dataset = impl.CustomImageDataset(path, str(files.img_dir))
    situation = "the CSV rewritten with 2 lines since the first dataset read its 1 line"
    check_equal(len(dataset), 2, call=DATASET.named("len(dataset)"), situation=situation)
    check_sample(dataset, 1, LABELS[2], files.arrays[2], situation=situation)
