"""Tutorial 1.4.4 Preparing your data for training with DataLoaders and 1.4.5 Iterate through the DataLoader.

Facts about torch.utils.data.DataLoader as the page states them: batches of 64 images (64, 1, 28, 28)
with 64 int64 labels, ceil(N / batch_size) batches with a partial last one unless drop_last, a new
order every epoch with shuffle=True (the same order without it), reproducible with a seeded
generator. These check torch itself on Fashion-MNIST (synthetic, and real where present).
"""

from __future__ import annotations

import math
from pathlib import Path

import pytest
import torch
from hypothesis import example, given
from torch.utils.data import DataLoader, SequentialSampler, TensorDataset
from torchvision.transforms import ToTensor

from reference import data
from reference.fashion_mnist import synthetic
from spec.helpers import strategies
from spec.helpers.calls import Call
from spec.helpers.checks import check, check_equal, check_tensor_equal, devices
from spec.pages.test_data_fashion_mnist import real_root

pytestmark = pytest.mark.data


@pytest.fixture(scope="module")
def synthetic_root(tmp_path_factory: pytest.TempPathFactory) -> Path:
    return synthetic.write_synthetic(tmp_path_factory.mktemp("synthetic"))


@pytest.fixture(scope="module")
def indexed_split() -> tuple[torch.Tensor, torch.Tensor]:
    """The synthetic test split preloaded: images uint8 (1000, 28, 28), labels int64 (1000,)."""
    return synthetic.load_tensors(False)


def indexed(split: tuple[torch.Tensor, torch.Tensor], device: str) -> TensorDataset:
    """(image, label, index) samples on `device`, so a batch says which samples it holds."""
    images, labels = split
    return TensorDataset(images.to(device), labels.to(device), torch.arange(len(labels), device=device))


def epoch_order(loader: DataLoader) -> torch.Tensor:
    """The sample indices of one pass over `loader`, in the order the batches gave them."""
    return torch.cat([index for _, _, index in loader]).cpu()


def loader_call(n: int | str, *options: str) -> Call:
    """The text `loader`, made by `loader = DataLoader(TensorDataset(torch.arange(n)), *options)`."""
    return Call(
        "data", "loader", setup=f"loader = DataLoader({', '.join([f'TensorDataset(torch.arange({n}))', *options])})"
    )


def order_call(*options: str) -> Call:
    """`epoch_order(loader)` of a DataLoader over (image, label, index) samples, batches of 64."""
    made = ", ".join(["TensorDataset(images, labels, torch.arange(len(labels)))", "batch_size=64", *options])
    return Call("data", "epoch_order(loader)", setup=f"loader = DataLoader({made})")


@pytest.mark.parametrize("source", ["synthetic", "real"])
@pytest.mark.parametrize("device", devices())
def test_fact_dataloader_gives_batches_of_64_images_1x28x28_and_64_int64_labels(
    source: str, device: str, synthetic_root: Path
) -> None:
    """train_features.size() = torch.Size([64, 1, 28, 28]), train_labels.size() = torch.Size([64])."""
    root = synthetic_root if source == "synthetic" else real_root()
    training_data = data.fashion_mnist(True, root=root, transform=ToTensor())
    train_features, train_labels = next(iter(DataLoader(training_data, batch_size=64, shuffle=True)))
    train_features, train_labels = train_features.to(device), train_labels.to(device)
    batch = Call(
        "data",
        "train_features",
        setup="training_data = datasets.FashionMNIST(root, train=True, transform=ToTensor()); "
        "train_features, train_labels = next(iter(DataLoader(training_data, batch_size=64, shuffle=True)))",
    )
    check_equal(tuple(train_features.shape), (64, 1, 28, 28), call=batch.dot("shape"))
    check_equal(train_features.dtype, torch.float32, call=batch.dot("dtype"))
    check_equal(tuple(train_labels.shape), (64,), call=batch.named("train_labels").dot("shape"))
    check_equal(train_labels.dtype, torch.int64, call=batch.named("train_labels").dot("dtype"))


@given(strategies.dataset_and_batch_sizes())
@example((60_000 // 100, 64))
@example((64, 64))
@example((1, 64))
def test_fact_dataloader_has_ceil_n_over_batch_size_batches_the_last_partial(n_and_batch: tuple[int, int]) -> None:
    n, batch_size = n_and_batch
    loader = DataLoader(TensorDataset(torch.arange(n)), batch_size=batch_size)
    sizes = [len(batch) for (batch,) in loader]
    expected = [batch_size] * (n // batch_size) + ([n % batch_size] if n % batch_size else [])
    call = loader_call(n, f"batch_size={batch_size}")
    check_equal(len(loader), math.ceil(n / batch_size), call=call.named("len(loader)"))
    check_equal(sizes, expected, call=call.named("[len(batch) for (batch,) in loader]"))


@given(strategies.dataset_and_batch_sizes())
@example((60_000 // 100, 64))
def test_fact_dataloader_drop_last_drops_only_the_partial_batch(n_and_batch: tuple[int, int]) -> None:
    n, batch_size = n_and_batch
    loader = DataLoader(TensorDataset(torch.arange(n)), batch_size=batch_size, drop_last=True)
    sizes = [len(batch) for (batch,) in loader]
    call = loader_call(n, f"batch_size={batch_size}", "drop_last=True")
    check_equal(len(loader), n // batch_size, call=call.named("len(loader)"))
    check_equal(sizes, [batch_size] * (n // batch_size), call=call.named("[len(batch) for (batch,) in loader]"))


def test_fact_dataloader_over_60000_images_has_938_batches_the_last_of_32() -> None:
    """The tutorial's training split: 937 full batches of 64 and one of 60000 - 937 * 64 = 32."""
    loader = DataLoader(TensorDataset(torch.arange(60_000)), batch_size=64)
    batches = list(loader.batch_sampler)  # the indices of each batch, without fetching the samples
    call = loader_call("60_000", "batch_size=64").named("(len(loader), len(list(loader.batch_sampler)[-1]))")
    check_equal((len(loader), len(batches[-1])), (938, 32), call=call)


@pytest.mark.parametrize("device", devices())
def test_fact_dataloader_shuffle_gives_a_new_order_each_epoch_over_the_same_samples(
    device: str, indexed_split: tuple[torch.Tensor, torch.Tensor]
) -> None:
    """ "Because we specified shuffle=True, after we iterate over all batches the data is shuffled"."""
    dataset = indexed(indexed_split, device)
    loader = DataLoader(dataset, batch_size=64, shuffle=True)
    first, second = epoch_order(loader), epoch_order(loader)
    order = order_call("shuffle=True")
    everything = torch.arange(len(dataset))
    check_tensor_equal(first.sort().values, everything, call=order.dot("sort().values"), situation="epoch 1")
    check_tensor_equal(second.sort().values, everything, call=order.dot("sort().values"), situation="epoch 2")
    check(
        not torch.equal(first, everything),
        call=order,
        actual=first,
        expected="not the dataset's order",
        situation="epoch 1",
    )
    check(not torch.equal(first, second), call=order, actual=second, expected="unlike epoch 1", situation="epoch 2")
    images, labels, index = next(iter(loader))  # each sample keeps its own image and label
    batch = order.named("next(iter(loader))")
    check_tensor_equal(images, dataset.tensors[0][index], call=batch.at(0), situation="the images of its indices")
    check_tensor_equal(labels, dataset.tensors[1][index], call=batch.at(1), situation="the labels of its indices")


@pytest.mark.parametrize("device", devices())
def test_fact_dataloader_without_shuffle_keeps_the_dataset_order_every_epoch(
    device: str, indexed_split: tuple[torch.Tensor, torch.Tensor]
) -> None:
    dataset = indexed(indexed_split, device)
    loader = DataLoader(dataset, batch_size=64)
    call = order_call()
    for epoch in (1, 2):
        check_tensor_equal(epoch_order(loader), torch.arange(len(dataset)), call=call, situation=f"epoch {epoch}")


@pytest.mark.parametrize("device", devices())
def test_fact_dataloader_seeded_generator_reproduces_the_order(
    device: str, indexed_split: tuple[torch.Tensor, torch.Tensor]
) -> None:
    dataset = indexed(indexed_split, device)

    def order(seed: int) -> torch.Tensor:
        generator = torch.Generator().manual_seed(seed)
        return epoch_order(DataLoader(dataset, batch_size=64, shuffle=True, generator=generator))

    call = Call(
        "data",
        "order(7)",
        setup="order = lambda seed: epoch_order(DataLoader(TensorDataset(images, labels, torch.arange(len(labels))), "
        "batch_size=64, shuffle=True, generator=torch.Generator().manual_seed(seed)))",
    )
    check_tensor_equal(order(7), order(7), call=call, situation="order(7) again")
    check(not torch.equal(order(7), order(8)), call=call, actual="equal", expected="unlike order(8)")


def test_fact_dataloader_defaults_are_batch_size_1_in_order_keeping_the_last_batch() -> None:
    """batch_size=1, shuffle=False, num_workers=0, drop_last=False, as the page lists them."""
    loader = DataLoader(TensorDataset(torch.arange(5)))
    call = loader_call(5)
    check_equal(
        (loader.batch_size, loader.num_workers, loader.drop_last),
        (1, 0, False),
        call=call.named("(loader.batch_size, loader.num_workers, loader.drop_last)"),
    )
    check(
        isinstance(loader.sampler, SequentialSampler),
        call=call.named("loader.sampler"),
        actual=loader.sampler,
        expected="a SequentialSampler (no shuffle)",
        kind="type",
    )
