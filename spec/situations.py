"""The situation inventory: for each contract name and each axis of situations, the tests that cover it, or
why the axis does not apply; and the contract decisions, where the tutorial and a docstring part or are silent.

Data, read by meta/test_situations.py: it fails when a name lacks an axis, when an entry is a `Gap`, when a
cited test is missing from spec/pages, or when a cited test never uses the name it is cited for. A test is cited
as "spec/pages/test_x.py::test_name". The axes are issue 26's; `meta` stands in for cuda on the devices axis.
Every test also runs under spec/plugin/hooks.py's guard, which fails it when it leaves grad mode, the default
dtype or device, or the thread count changed: the `state` entries cite what the guard does not see (modes of
a model, requires_grad, the random stream).
"""

from __future__ import annotations

from typing import NamedTuple

AXES: dict[str, str] = {
    "inputs": "inputs left unchanged",
    "aliasing": "output aliasing",
    "sizes": "sizes 0, 1, odd and large",
    "dtypes": "dtypes",
    "layout": "memory layout (transposed, sliced, expanded)",
    "devices": "devices (meta stands in for cuda)",
    "repeated": "repeated calls, and a second instance",
    "state": "state before and after (mode, grad mode, RNG)",
    "files": "file names and formats",
    "range": "numerical range (large and small, inf, nan, where the contract says what happens)",
    "arguments": "argument forms (positional and keyword, defaults, negative indices)",
}


class Covered(NamedTuple):
    """The tests that cover an axis; `note` says what they leave out, when it is outside the contract."""

    ids: tuple[str, ...]
    note: str = ""


class NotApplicable(NamedTuple):
    reason: str


class Gap(NamedTuple):
    """An axis that applies and has no test: the meta-test fails on it."""

    missing: str


Entry = Covered | NotApplicable | Gap


def _t(page: str, *tests: str, note: str = "") -> Covered:
    """Covered("spec/pages/test_<page>.py::<test>", ...)."""
    return Covered(tuple(f"spec/pages/test_{page}.py::{test}" for test in tests), note)


def _join(*entries: Covered) -> Covered:
    """The tests of several pages as one entry."""
    return Covered(tuple(i for e in entries for i in e.ids), "; ".join(e.note for e in entries if e.note))


def _na(reason: str) -> NotApplicable:
    return NotApplicable(reason)


# Reasons shared by several names, spelt once.
NO_FILE = _na("reads and writes no file")
NO_ARGS = _na("positional arguments only, none with a default, no index among them")
CPU_ONLY = _na("its inputs (Python values, PIL images, NumPy arrays) live on the CPU, and so does its result")
PURE_READ = _na("its inputs are read, never written, by every way of writing it: nothing of the caller's to change")
COPIED_VALUES = _na("its values are the input's own, copied or viewed, never computed: no range to get wrong")
NEW_MEMORY = _na("its result is new memory by torch's own op (a product, a sum): it cannot alias an input")
TORCH_RANGE = _na("the values are torch's own op on the inputs; the contract says nothing of overflow, inf or nan")
TENSORS_RNG = "tensors", "test_tensor_functions_draw_no_random_numbers"  # issue 26's h26 (RNG situations)
# the same input object twice, changed in place in between (kills a result kept by id(input))
CHANGED_IN_PLACE = "test_tensor_functions_follow_an_input_changed_in_place_between_two_calls"
TRANSFORMS_RNG = "transforms", "test_transform_functions_draw_no_random_numbers"
MATRIX_SIZES = "hypothesis: any (m, n) with sides 1 to 9, (1, 7) and (7, 1), (17, 11); a 0-side matrix has no such row"
LOOP_IO = "the tutorial's batches: float32 images and int64 labels, from a DataLoader"


def _view(shape_test: str, view_test: str) -> dict[str, Entry]:
    """first_row, first_column, last_column: the same situations, each its own tests."""
    return {
        "inputs": _t("tensors_operations", "test_rows_and_columns_leave_t_unchanged_and_keep_its_dtype"),
        "aliasing": _t("tensors_operations", view_test),
        "sizes": _t("tensors_operations", shape_test, note=MATRIX_SIZES),
        "dtypes": _t("tensors_operations", "test_rows_and_columns_leave_t_unchanged_and_keep_its_dtype"),
        "layout": _t("tensors_operations", view_test),
        "devices": _t("tensors_operations", shape_test),
        "repeated": _join(
            _t("tensors_operations", shape_test, note="hypothesis calls it many times in one process"),
            _t("tensors", CHANGED_IN_PLACE),
        ),
        "state": _t(*TENSORS_RNG),
        "files": NO_FILE,
        "range": COPIED_VALUES,
        "arguments": NO_ARGS,
    }


INVENTORY: dict[str, dict[str, Entry]] = {
    # ---- 1.3 Tensors
    "from_data": {
        "inputs": PURE_READ,
        "aliasing": _na("a tensor made from Python values: there is no caller's memory to share"),
        "sizes": _t(
            "tensors",
            "test_from_data_infers_int64_from_ints",
            "test_from_data_keeps_nesting_as_shape",
            note="1 to 3 levels, sides 1 to 4; an empty list is not the tutorial's data",
        ),
        "dtypes": _t(
            "tensors",
            "test_from_data_infers_int64_from_ints",
            "test_from_data_infers_float32_from_floats",
            "test_from_data_infers_bool_from_bools",
        ),
        "layout": _na("Python lists have no memory layout"),
        "devices": _na("the contract makes a CPU tensor (torch.tensor's default device)"),
        "repeated": _join(
            _t("tensors", "test_from_data_infers_int64_from_ints", note="hypothesis: many calls in a row"),
            _t("tensors", CHANGED_IN_PLACE),
        ),
        "state": _t(*TENSORS_RNG),
        "files": NO_FILE,
        "range": _t(
            "tensors",
            "test_from_data_infers_int64_from_ints",
            "test_from_data_infers_float32_from_floats",
            note="ints of 32 bits, floats to 1e6; nan is not the tutorial's data",
        ),
        "arguments": NO_ARGS,
    },
    "from_numpy": {
        "inputs": _na("sharing the array's memory is the contract; nothing in any way of writing it writes to it"),
        "aliasing": _t(
            "tensors",
            "test_from_numpy_shares_memory_array_change_shows_in_tensor",
            "test_from_numpy_shares_memory_tensor_change_shows_in_array",
        ),
        "sizes": _na("one (7, 5) array and its transpose: sharing memory has no branch on the size"),
        "dtypes": _t("tensors", "test_from_numpy_keeps_dtype_shape_and_values", note="fourteen NumPy dtypes"),
        "layout": _t("tensors", "test_from_numpy_shares_memory_array_change_shows_in_tensor"),
        "devices": _na("NumPy arrays live on the CPU"),
        "repeated": _join(
            _t("tensors", "test_from_numpy_keeps_dtype_shape_and_values", note="fourteen arrays in one process"),
            _t("tensors", CHANGED_IN_PLACE),
        ),
        "state": _t(*TENSORS_RNG),
        "files": NO_FILE,
        "range": COPIED_VALUES,
        "arguments": NO_ARGS,
    },
    "to_numpy": {
        "inputs": _na("sharing the tensor's memory is the contract; nothing in any way of writing it writes to it"),
        "aliasing": _t(
            "tensors",
            "test_to_numpy_shares_memory_tensor_change_shows_in_array",
            "test_to_numpy_shares_memory_array_change_shows_in_tensor",
        ),
        "sizes": _na("one (7, 5) tensor and its transpose: sharing memory has no branch on the size"),
        "dtypes": _t("tensors", "test_to_numpy_keeps_dtype_shape_and_values", note="fourteen dtypes"),
        "layout": _t("tensors", "test_to_numpy_shares_memory_tensor_change_shows_in_array"),
        "devices": _na("the contract is a CPU tensor: a CUDA tensor has no NumPy view (.cpu() copies)"),
        "repeated": _join(
            _t("tensors", "test_to_numpy_keeps_dtype_shape_and_values", note="fourteen tensors in one process"),
            _t("tensors", CHANGED_IN_PLACE),
        ),
        "state": _t(*TENSORS_RNG),
        "files": NO_FILE,
        "range": COPIED_VALUES,
        "arguments": NO_ARGS,
    },
    "ones_like": {
        "inputs": _t("tensors", "test_ones_like_does_not_modify_input"),
        "aliasing": _t("tensors", "test_ones_like_result_is_a_tensor_of_its_own"),
        "sizes": _t("tensors", "test_ones_like_keeps_shape_and_device", note="0-d, 1 to 3 dims of sides 1 to 7"),
        "dtypes": _t("tensors", "test_ones_like_keeps_dtype"),
        "layout": _na("the result is new memory of t's shape; its strides are not the contract (both kinds right)"),
        "devices": _t(
            "tensors",
            "test_ones_like_keeps_shape_and_device",
            "test_ones_like_and_rand_like_put_the_result_on_the_device_of_t",
        ),
        "repeated": _join(
            _t("tensors", "test_ones_like_result_is_a_tensor_of_its_own"),
            _t("tensors", CHANGED_IN_PLACE),
        ),
        "state": _t(*TENSORS_RNG),
        "files": NO_FILE,
        "range": _t("tensors", "test_ones_like_is_all_ones_whatever_t_holds", note="t holding inf and nan"),
        "arguments": NO_ARGS,
    },
    "rand_like": {
        "inputs": _t("tensors", "test_rand_like_does_not_modify_input"),
        "aliasing": _t(
            "tensors", "test_rand_like_does_not_modify_input", "test_rand_like_draws_new_values_on_each_call"
        ),
        "sizes": _t("tensors", "test_rand_like_keeps_shape_and_device", note="0-d, 1 to 3 dims of sides 1 to 7"),
        "dtypes": _t(
            "tensors",
            "test_rand_like_is_float32_for_non_floating_input",
            "test_rand_like_is_floating_for_floating_input",
        ),
        "layout": _na("the result is new memory of t's shape; its strides are not the contract (both kinds right)"),
        "devices": _t(
            "tensors",
            "test_rand_like_keeps_shape_and_device",
            "test_ones_like_and_rand_like_put_the_result_on_the_device_of_t",
        ),
        "repeated": _join(
            _t("tensors", "test_rand_like_draws_new_values_on_each_call"),
            _t("tensors", CHANGED_IN_PLACE),
        ),
        "state": _t("tensors", "test_rand_like_draws_new_values_on_each_call", note="a reseed inside repeats values"),
        "files": NO_FILE,
        "range": _t("tensors", "test_rand_like_values_lie_in_0_1", "test_rand_like_values_are_uniform_on_0_1"),
        "arguments": NO_ARGS,
    },
    "describe": {
        "inputs": PURE_READ,
        "aliasing": _na("returns torch.Size, a dtype and a device: immutable values"),
        "sizes": _t(
            "tensors", "test_describe_gives_shape_first", note="1 to 3 dims; the attributes have no size branch"
        ),
        "dtypes": _t("tensors", "test_describe_gives_dtype_second"),
        "layout": _na("shape, dtype and device do not depend on strides"),
        "devices": _t(
            "tensors", "test_describe_gives_device_third", "test_describe_reports_the_device_of_t_not_of_the_machine"
        ),
        "repeated": _join(
            _t("tensors", "test_describe_gives_shape_first", note="three cases in one process"),
            _t("tensors", CHANGED_IN_PLACE),
        ),
        "state": _t(*TENSORS_RNG),
        "files": NO_FILE,
        "range": _na("attributes, not values"),
        "arguments": NO_ARGS,
    },
    "to_device": {
        "inputs": _t(
            "tensors", "test_to_device_leaves_t_where_it_was", note="gpu: to t's own device t itself may come back"
        ),
        "aliasing": _na("t.to(t's own device) returns t itself: the contract allows it (DECISIONS)"),
        "sizes": _na("a move has no branch on the size in any way of writing it (t.to, torch.tensor(t, device=))"),
        "dtypes": _t("tensors", "test_to_device_moves_to_requested_device_keeping_values", note="five dtypes"),
        "layout": _na("values are compared; the copy's strides are not the contract"),
        "devices": _t(
            "tensors",
            "test_to_device_moves_to_requested_device_keeping_values",
            "test_to_device_accepts_a_torch_device",
            "test_to_device_leaves_t_where_it_was",
        ),
        "repeated": _join(
            _t("tensors", "test_to_device_moves_to_requested_device_keeping_values", note="five in one process"),
            _t("tensors", CHANGED_IN_PLACE),
        ),
        "state": _t(*TENSORS_RNG),
        "files": NO_FILE,
        "range": COPIED_VALUES,
        "arguments": _t("tensors", "test_to_device_accepts_a_torch_device", note="a str or a torch.device"),
    },
    "first_row": _view("test_first_row_is_row_zero_of_shape_n", "test_first_row_is_a_view_of_t"),
    "first_column": _view("test_first_column_is_column_zero_of_shape_m", "test_first_column_is_a_view_of_t"),
    "last_column": _view("test_last_column_is_column_n_minus_1_of_shape_m", "test_last_column_is_a_view_of_t"),
    "zero_column": {
        "inputs": _t("tensors_operations", "test_zero_column_zeroes_column_j_only", note="in place by contract"),
        "aliasing": _t(
            "tensors_operations", "test_zero_column_returns_t_itself", "test_zero_column_changes_t_in_place"
        ),
        "sizes": _t("tensors_operations", "test_zero_column_zeroes_column_j_only", note=MATRIX_SIZES),
        "dtypes": _t("tensors_operations", "test_zero_column_keeps_the_dtype_of_t"),
        "layout": _t("tensors_operations", "test_zero_column_changes_t_in_place"),
        "devices": _t("tensors_operations", "test_zero_column_zeroes_column_j_only"),
        "repeated": _join(
            _t("tensors_operations", "test_zero_column_zeroes_column_j_only", note="hypothesis"),
            _t("tensors", CHANGED_IN_PLACE),
        ),
        "state": _t(*TENSORS_RNG),
        "files": NO_FILE,
        "range": _t("tensors_operations", "test_zero_column_zeroes_inf_and_nan_entries_too"),
        "arguments": _t("tensors_operations", "test_zero_column_counts_negative_j_from_the_end"),
    },
    "concat": {
        "inputs": _t("tensors_operations", "test_rows_and_columns_leave_t_unchanged_and_keep_its_dtype"),
        "aliasing": NEW_MEMORY,
        "sizes": _t(
            "tensors_operations", "test_concat_matches_torch_cat", "test_concat_of_three_4x4_on_dim_1_gives_4x12"
        ),
        "dtypes": _t("tensors_operations", "test_concat_keeps_the_dtype_of_its_tensors"),
        "layout": _t("tensors_operations", "test_rows_and_columns_leave_t_unchanged_and_keep_its_dtype"),
        "devices": _t("tensors_operations", "test_concat_matches_torch_cat"),
        "repeated": _join(
            _t("tensors_operations", "test_concat_matches_torch_cat", note="hypothesis"),
            _t("tensors", CHANGED_IN_PLACE),
        ),
        "state": _t(*TENSORS_RNG),
        "files": NO_FILE,
        "range": COPIED_VALUES,
        "arguments": _t(
            "tensors_operations",
            "test_concat_defaults_to_dim_1",
            "test_concat_joins_along_dim",
            note="the default dim, dims from -ndim, a list or a tuple",
        ),
    },
    "matmul": {
        "inputs": _t("tensors_operations", "test_matmul_and_mul_leave_operands_unchanged"),
        "aliasing": NEW_MEMORY,
        "sizes": _t("tensors_operations", "test_matmul_is_the_matrix_product", note="m, k, n from 1 to 7"),
        "dtypes": _t("tensors_operations", "test_matmul_keeps_the_dtype_of_its_operands"),
        "layout": _t("tensors_operations", "test_matmul_of_tensor_and_its_transpose_is_not_elementwise"),
        "devices": _t("tensors_operations", "test_matmul_is_the_matrix_product"),
        "repeated": _join(
            _t("tensors_operations", "test_matmul_is_the_matrix_product", note="hypothesis"),
            _t("tensors", CHANGED_IN_PLACE),
        ),
        "state": _t(*TENSORS_RNG),
        "files": NO_FILE,
        "range": TORCH_RANGE,
        "arguments": NO_ARGS,
    },
    "mul": {
        "inputs": _t("tensors_operations", "test_matmul_and_mul_leave_operands_unchanged"),
        "aliasing": NEW_MEMORY,
        "sizes": _t("tensors_operations", "test_mul_is_the_elementwise_product", note="1 to 3 dims, (17, 11)"),
        "dtypes": _t("tensors_operations", "test_mul_is_the_elementwise_product", note="float32 and int64"),
        "layout": _na("element-wise: every way of writing it (a * b, torch.mul) reads any strides by index"),
        "devices": _t("tensors_operations", "test_mul_is_the_elementwise_product"),
        "repeated": _join(
            _t("tensors_operations", "test_mul_is_the_elementwise_product", note="hypothesis"),
            _t("tensors", CHANGED_IN_PLACE),
        ),
        "state": _t(*TENSORS_RNG),
        "files": NO_FILE,
        "range": TORCH_RANGE,
        "arguments": NO_ARGS,
    },
    "to_python": {
        "inputs": PURE_READ,
        "aliasing": _na("a Python number"),
        "sizes": _t(
            "tensors_operations",
            "test_to_python_returns_a_python_number",
            "test_to_python_refuses_tensor_without_exactly_one_element",
            note="0-d, (1,), (1, 1); (0,), (2,), (1, 3), (17, 11) refused",
        ),
        "dtypes": _t("tensors_operations", "test_to_python_returns_a_python_number", note="six dtypes"),
        "layout": _na("one element has no layout to get wrong"),
        "devices": _t("tensors_operations", "test_to_python_returns_a_python_number"),
        "repeated": _join(
            _t("tensors_operations", "test_to_python_gives_back_the_value_of_any_one_element_tensor"),
            _t("tensors", CHANGED_IN_PLACE),
        ),
        "state": _t(
            *TENSORS_RNG, note="and a tensor that requires grad: test_to_python_of_a_tensor_that_requires_grad"
        ),
        "files": NO_FILE,
        "range": _t(
            "tensors_operations",
            "test_to_python_gives_back_the_value_of_any_one_element_tensor",
            note="ints to 2**62, any finite float32",
        ),
        "arguments": NO_ARGS,
    },
    "add_inplace": {
        "inputs": _na("t is changed in place by contract; value is a number"),
        "aliasing": _t(
            "tensors_operations", "test_add_inplace_returns_t_itself", "test_add_inplace_keeps_the_storage_of_t"
        ),
        "sizes": _na("one (17, 11) tensor: t.add_ and t += have no branch on the size"),
        "dtypes": _t("tensors_operations", "test_add_inplace_adds_value_to_every_entry", note="float32 and int64"),
        "layout": _t("tensors_operations", "test_add_inplace_changes_a_non_contiguous_t_too"),
        "devices": _t("tensors_operations", "test_add_inplace_adds_value_to_every_entry"),
        "repeated": _join(
            _t("tensors_operations", "test_add_inplace_adds_value_to_every_entry", note="hypothesis"),
            _t("tensors", CHANGED_IN_PLACE),
        ),
        "state": _t(*TENSORS_RNG),
        "files": NO_FILE,
        "range": _t("tensors_operations", "test_add_inplace_adds_value_to_every_entry", note="values -100 to 100"),
        "arguments": _t("tensors_operations", "test_add_inplace_adds_value_to_every_entry", note="int or float value"),
    },
    # ---- 1.4 Datasets & DataLoaders
    "labels_map": {
        "inputs": _na("a dict, not a function"),
        "aliasing": _na("a dict, not a function"),
        "sizes": _t("data_custom", "test_labels_map_keys_are_the_integer_labels_0_to_9"),
        "dtypes": _t("data_custom", "test_labels_map_keys_are_the_integer_labels_0_to_9", note="int keys"),
        "layout": _na("a dict, not a tensor"),
        "devices": _na("a dict, not a tensor"),
        "repeated": _na("a dict, not a function"),
        "state": _na("a dict, not a function"),
        "files": _na("a dict, not a function"),
        "range": _na("class names, not numbers"),
        "arguments": _na("a dict, not a function"),
    },
    "CustomImageDataset": {
        "inputs": _na("reads the CSV and the images, never writes them, in every way of writing it"),
        "aliasing": _t("data_custom", "test_custom_dataset_applies_transform_on_every_access"),
        "sizes": _t(
            "data_custom",
            "test_custom_dataset_reads_a_csv_of_one_line",
            "test_custom_dataset_len_counts_every_csv_line",
            "test_custom_dataset_reads_labels_of_several_digits",
            note="an empty CSV is outside the contract: the tutorial's pd.read_csv raises on it",
        ),
        "dtypes": _t("data_custom", "test_custom_dataset_image_is_uint8", "test_custom_dataset_label_is_an_int"),
        "layout": _t(
            "data_custom",
            "test_custom_dataset_image_is_channels_first",
            "test_custom_dataset_keeps_the_color_channels_of_rgb_images",
        ),
        "devices": _na("samples are CPU tensors as read_image gives them; the loops move batches (1.8)"),
        "repeated": _join(
            _t(
                "data_custom_situations",
                "test_custom_dataset_two_datasets_with_the_same_file_names_read_their_own_images",
            ),
            _t("data_custom", "test_custom_dataset_applies_transform_on_every_access"),
        ),
        "state": _t("data_custom", "test_custom_dataset_draws_no_random_numbers"),
        "files": _t(
            "data_custom",
            "test_custom_dataset_accepts_path_objects",
            "test_custom_dataset_first_line_is_the_first_sample_not_a_header",
            "test_custom_dataset_reads_the_last_line_without_a_final_newline",
            "test_custom_dataset_error_for_a_missing_file_names_it",
            "test_custom_dataset_reads_jpeg_files_as_the_tutorials_csv_names_them",
            note="PNG and JPEG images; grayscale and RGB",
        ),
        "range": _na("pixels are copied as read (uint8); labels are read, never computed"),
        "arguments": _t(
            "data_custom",
            "test_custom_dataset_accepts_path_objects",
            "test_custom_dataset_applies_transform_to_the_image_only",
            "test_custom_dataset_applies_target_transform_to_the_label_only",
            "test_custom_dataset_applies_both_transforms_each_to_its_own",
            note="str or Path; transforms absent (the defaults), one, or both",
        ),
    },
    # ---- 1.5 Transforms
    "to_tensor": {
        "inputs": _t("transforms", "test_to_tensor_leaves_its_input_unchanged"),
        "aliasing": _na("float32 made from uint8 is always new memory"),
        "sizes": _t(
            "transforms",
            "test_to_tensor_matches_torchvision_ToTensor",
            "test_to_tensor_is_channel_first_c_h_w",
            note="1x1 to 9x9 (hypothesis), 9x7, 28x28",
        ),
        "dtypes": _t("transforms", "test_to_tensor_is_float32", note="the contract's input is uint8"),
        "layout": _t("transforms", "test_to_tensor_takes_a_cropped_array"),
        "devices": CPU_ONLY,
        "repeated": _t("transforms", "test_to_tensor_matches_torchvision_ToTensor", note="hypothesis"),
        "state": _t(*TRANSFORMS_RNG),
        "files": _na("an image in memory; the dataset reads the files"),
        "range": _t("transforms", "test_to_tensor_scales_pixels_to_0_1", "test_to_tensor_maps_k_to_k_over_255"),
        "arguments": _t("transforms", "test_to_tensor_accepts_pil_images_and_uint8_arrays", note="PIL or array"),
    },
    "normalize": {
        "inputs": _t("transforms", "test_normalize_leaves_its_input_unchanged"),
        "aliasing": _t("transforms", "test_normalize_leaves_its_input_unchanged", note="a new tensor"),
        "sizes": _t(
            "transforms",
            "test_normalize_takes_any_number_of_batch_dimensions",
            "test_normalize_applies_the_formula_per_channel",
        ),
        "dtypes": _t("transforms", "test_normalize_keeps_dtype"),
        "layout": _t("transforms", "test_normalize_takes_a_cropped_image"),
        "devices": _t(
            "transforms",
            "test_normalize_applies_the_formula_per_channel",
        ),
        "repeated": _t("transforms", "test_normalize_reads_t_anew_on_each_call"),
        "state": _t(*TRANSFORMS_RNG),
        "files": NO_FILE,
        "range": _t(
            "transforms",
            "test_normalize_applies_the_formula_per_channel",
            note="std from 0.125 to 2; std 0 is outside the contract (torchvision raises)",
        ),
        "arguments": _t("transforms", "test_normalize_matches_torchvision_Normalize", note="lists or tuples"),
    },
    "one_hot": {
        "inputs": _na("an int label and an int count: nothing to change"),
        "aliasing": _t(
            "transforms",
            "test_one_hot_result_is_not_changed_by_later_calls",
            "test_one_hot_later_calls_are_not_changed_by_writing_to_a_result",
        ),
        "sizes": _t(
            "transforms", "test_one_hot_has_num_classes_entries", note="1, 7, 10 classes; 1 to 50 (hypothesis)"
        ),
        "dtypes": _t("transforms", "test_one_hot_is_float32"),
        "layout": _na("a new 1-D tensor"),
        "devices": _na("the tutorial's torch.zeros(10): a CPU tensor, as a dataset's target_transform makes it"),
        "repeated": _t("transforms", "test_one_hot_result_is_not_changed_by_later_calls"),
        "state": _t(*TRANSFORMS_RNG),
        "files": NO_FILE,
        "range": _t(
            "transforms",
            "test_one_hot_refuses_label_past_the_last_class",
            note="a negative label is left open (DECISIONS)",
        ),
        "arguments": _t(
            "transforms",
            "test_one_hot_has_num_classes_entries",
            "test_one_hot_matches_the_tutorial_lambda",
            note="num_classes by keyword, and its default 10",
        ),
    },
    # ---- 1.6 Build the Neural Network
    "NeuralNetwork": {
        "inputs": _t("model", "test_neural_network_forward_leaves_its_input_unchanged"),
        "aliasing": _na("logits are new memory, made by the last Linear"),
        "sizes": _t("model", "test_neural_network_keeps_the_batch_dimension", note="batches of 1, 7 and 64"),
        "dtypes": _na("float32 images, as ToTensor makes them; the tutorial's layers are float32"),
        "layout": _t("model", "test_neural_network_accepts_images_without_channel_dimension"),
        "devices": _t(
            "model", "test_neural_network_is_made_on_the_cpu", "test_neural_network_keeps_the_batch_dimension"
        ),
        "repeated": _t(
            "model",
            "test_neural_network_instances_share_no_parameters",
            "test_neural_network_instances_start_from_different_weights",
        ),
        "state": _t(
            "model",
            "test_neural_network_gives_the_same_logits_in_eval_mode",
            "test_neural_network_forward_draws_no_random_numbers",
        ),
        "files": NO_FILE,
        "range": _t(
            "model",
            "test_neural_network_logits_can_be_negative",
            "test_neural_network_matches_tutorial_model_with_same_weights",
            note="inputs scaled 1e-2 to 1e2 (hypothesis)",
        ),
        "arguments": _na("no constructor arguments; forward(x)"),
    },
    "get_device": {
        "inputs": _na("no arguments"),
        "aliasing": _na("a str"),
        "sizes": _na("no arguments"),
        "dtypes": _na("no tensors"),
        "layout": _na("no tensors"),
        "devices": _t(
            "model_predict",
            "test_get_device_is_cuda_when_available_else_cpu",
            "test_get_device_is_cuda_where_torch_finds_a_gpu",
        ),
        "repeated": _t("model_predict", "test_get_device_is_cuda_where_torch_finds_a_gpu", note="imported anew"),
        "state": _t("model_predict", "test_get_device_and_predict_draw_no_random_numbers"),
        "files": NO_FILE,
        "range": _na("no numbers"),
        "arguments": _na("no arguments"),
    },
    "predict": {
        "inputs": _t(
            "model_predict",
            "test_predict_leaves_its_input_unchanged",
            "test_predict_leaves_the_models_parameters_as_they_were",
        ),
        "aliasing": _t("model_predict", "test_predict_follows_the_models_current_weights_on_each_call"),
        "sizes": _t("model_predict", "test_predict_returns_one_index_per_sample", note="batches of 1 and 7"),
        "dtypes": _t("model_predict", "test_predict_returns_int64_class_indices"),
        "layout": _t("model_predict", "test_predict_accepts_images_without_channel_dimension"),
        "devices": _t("model_predict", "test_predict_returns_argmax_of_logits"),
        "repeated": _t("model_predict", "test_predict_follows_the_models_current_weights_on_each_call"),
        "state": _t(
            "model_predict",
            "test_predict_runs_forward_in_eval_mode",
            "test_predict_leaves_model_in_eval_mode_or_as_it_was",
            "test_predict_keeps_a_callers_no_grad_mode",
            "test_get_device_and_predict_draw_no_random_numbers",
        ),
        "files": NO_FILE,
        "range": _t("model_predict", "test_predict_returns_argmax_of_logits"),
        "arguments": NO_ARGS,
    },
    # ---- 1.7 Automatic differentiation
    "single_layer_grads": {
        "inputs": _t("autograd", "test_autograd_functions_leave_the_values_of_their_inputs_unchanged"),
        "aliasing": _t("autograd", "test_single_layer_grads_fills_w_grad_and_b_grad", note="w.grad is the caller's"),
        "sizes": _t(
            "autograd",
            "test_single_layer_grads_are_the_analytic_gradients",
            "test_single_layer_grads_of_a_batch_average_over_samples_and_outputs",
        ),
        "dtypes": _t("autograd", "test_single_layer_grads_are_the_analytic_gradients", note="float64 (hypothesis)"),
        "layout": _na("x, w and b are leaves the caller makes (torch.ones, torch.randn): contiguous"),
        "devices": _t("autograd", "test_single_layer_grads_fills_w_grad_and_b_grad"),
        "repeated": _t("autograd", "test_single_layer_grads_are_the_analytic_gradients", note="hypothesis, fresh w, b"),
        "state": _t("autograd", "test_autograd_functions_draw_no_random_numbers"),
        "files": NO_FILE,
        "range": _t("autograd", "test_single_layer_grads_are_the_analytic_gradients", note="zero weights too"),
        "arguments": NO_ARGS,
    },
    "accumulated_grads": {
        "inputs": _t("autograd", "test_autograd_functions_leave_the_values_of_their_inputs_unchanged"),
        "aliasing": _t(
            "autograd",
            "test_accumulated_grads_returns_three_separate_snapshots",
            "test_accumulated_grads_first_and_second_are_copies_not_inp_grad",
        ),
        "sizes": _t(
            "autograd",
            "test_accumulated_grads_first_backward_gives_2_times_inp_plus_1",
            "test_accumulated_grads_on_tutorials_eye_4_5",
        ),
        "dtypes": _t("autograd", "test_accumulated_grads_keeps_the_dtype_of_inp"),
        "layout": _na("inp is a leaf the caller makes (torch.eye): contiguous"),
        "devices": _t("autograd", "test_accumulated_grads_on_tutorials_eye_4_5"),
        "repeated": _t("autograd", "test_accumulated_grads_first_backward_gives_2_times_inp_plus_1", note="hypothesis"),
        "state": _t(
            "autograd",
            "test_accumulated_grads_leaves_the_last_gradient_in_inp_grad",
            "test_autograd_functions_draw_no_random_numbers",
        ),
        "files": NO_FILE,
        "range": TORCH_RANGE,
        "arguments": NO_ARGS,
    },
    "forward_without_grad": {
        "inputs": _t(
            "autograd",
            "test_autograd_functions_leave_the_values_of_their_inputs_unchanged",
            "test_forward_without_grad_keeps_w_and_b_requiring_grad",
        ),
        "aliasing": NEW_MEMORY,
        "sizes": _t(
            "autograd",
            "test_forward_without_grad_equals_x_at_w_plus_b",
            "test_forward_without_grad_of_a_batch_is_one_row_per_sample",
        ),
        "dtypes": _t("autograd", "test_forward_without_grad_equals_x_at_w_plus_b", note="float64 (hypothesis)"),
        "layout": _na("x, w and b are leaves the caller makes: contiguous"),
        "devices": _t("autograd", "test_forward_without_grad_result_does_not_require_grad"),
        "repeated": _t("autograd", "test_forward_without_grad_equals_x_at_w_plus_b", note="hypothesis"),
        "state": _t(
            "autograd",
            "test_forward_without_grad_leaves_grad_mode_enabled",
            "test_forward_without_grad_keeps_a_callers_no_grad_mode",
            "test_autograd_functions_draw_no_random_numbers",
        ),
        "files": NO_FILE,
        "range": TORCH_RANGE,
        "arguments": NO_ARGS,
    },
    # ---- 1.8 Optimizing model parameters
    "train_loop": {
        "inputs": _t(
            "optimization_train_loop",
            "test_train_loop_second_epoch_matches_reference",
            "test_train_loop_leaves_frozen_layers_frozen",
            note="the model's weights change by contract; the optimizer's settings and frozen layers do not",
        ),
        "aliasing": _na("returns a Python float, or None"),
        "sizes": _t(
            "optimization_train_loop",
            "test_train_loop_uses_every_batch_including_last_partial_one",
            "test_train_loop_uses_every_batch_of_any_loader",
        ),
        "dtypes": _na(LOOP_IO),
        "layout": _t("optimization_train_loop", "test_train_loop_accepts_any_input_shape_and_number_of_classes"),
        "devices": _t("optimization_train_loop", "test_train_loop_moves_batches_to_model_device"),
        "repeated": _t("optimization_train_loop", "test_train_loop_second_epoch_matches_reference"),
        "state": _t(
            "optimization_train_loop",
            "test_train_loop_puts_model_in_train_mode",
            "test_train_loop_does_not_reseed_the_random_stream",
        ),
        "files": NO_FILE,
        "range": _na("losses are the model's and loss_fn's: the loop only averages them"),
        "arguments": _na("the tutorial's four positional arguments"),
    },
    "test_loop": {
        "inputs": _t(
            "optimization_test_loop",
            "test_test_loop_leaves_parameters_and_gradients_untouched",
            "test_test_loop_leaves_requires_grad_as_it_was",
        ),
        "aliasing": _na("returns two Python floats, or None"),
        "sizes": _t(
            "optimization_test_loop",
            "test_test_loop_sees_every_sample",
            "test_test_loop_sees_every_sample_of_any_loader",
        ),
        "dtypes": _t("optimization_test_loop", "test_test_loop_returns_two_python_floats", note=LOOP_IO),
        "layout": _t("optimization_test_loop", "test_test_loop_accepts_any_input_shape_and_number_of_classes"),
        "devices": _t("optimization_test_loop", "test_test_loop_moves_batches_to_model_device"),
        "repeated": _t("optimization_test_loop", "test_test_loop_second_call_matches_reference"),
        "state": _t(
            "optimization_test_loop",
            "test_test_loop_runs_model_in_eval_mode",
            "test_test_loop_runs_forward_without_grad_tracking",
            "test_test_loop_restores_grad_mode",
            "test_test_loop_does_not_reseed_the_random_stream",
            note="the mode it leaves the model in is open (DECISIONS)",
        ),
        "files": NO_FILE,
        "range": _t("optimization_test_loop", "test_test_loop_accuracy_is_a_fraction_not_a_percent"),
        "arguments": _na("the tutorial's three positional arguments"),
    },
    # ---- 1.9 Save and load the model
    "save_weights": {
        "inputs": _t("persistence", "test_save_weights_leaves_the_model_in_training_mode"),
        "aliasing": _na("writes a file, returns nothing"),
        "sizes": _t(
            "persistence",
            "test_save_weights_writes_a_pure_state_dict",
            "test_vgg16_weights_round_trip",
            note="the tutorial's MLP, and VGG16 (slow)",
        ),
        "dtypes": _t("persistence", "test_save_weights_includes_buffers", note="BatchNorm's int64 counter"),
        "layout": _na("torch.save keeps any strides; the round trip compares values"),
        "devices": _t("persistence", "test_save_weights_writes_a_pure_state_dict"),
        "repeated": _t(
            "persistence", "test_save_weights_round_trips_through_the_reference_load", note="twice, one path"
        ),
        "state": _t(
            "persistence",
            "test_save_weights_leaves_the_model_in_training_mode",
            "test_saving_and_loading_draw_no_random_numbers",
        ),
        "files": _t("persistence", "test_save_weights_writes_a_pure_state_dict", note="a pathlib.Path"),
        "range": COPIED_VALUES,
        "arguments": _na("(model, path), positional"),
    },
    "load_weights": {
        "inputs": _t(
            "persistence", "test_load_weights_returns_the_model_it_was_given", note="the model is loaded into"
        ),
        "aliasing": _t("persistence", "test_load_weights_returns_the_model_it_was_given"),
        "sizes": _t("persistence", "test_load_weights_restores_every_tensor_exactly", "test_vgg16_weights_round_trip"),
        "dtypes": _t("persistence", "test_load_weights_restores_buffers", note="BatchNorm's int64 counter"),
        "layout": _na("load_state_dict copies values into the model's own tensors"),
        "devices": _t("persistence", "test_load_weights_moves_weights_across_devices"),
        "repeated": _t("persistence", "test_load_weights_round_trips_from_the_reference_save", note="into two models"),
        "state": _t(
            "persistence",
            "test_load_weights_returns_the_model_in_eval_mode",
            "test_load_weights_keeps_parameters_trainable",
            "test_saving_and_loading_draw_no_random_numbers",
        ),
        "files": _t(
            "persistence",
            "test_load_weights_refuses_code_execution",
            "test_load_weights_raises_on_a_damaged_file",
            "test_load_weights_rejects_missing_and_unexpected_keys",
            "test_load_weights_rejects_a_tensor_of_another_shape",
        ),
        "range": COPIED_VALUES,
        "arguments": _na("(model, path), positional"),
    },
    "save_model": {
        "inputs": _t("persistence", "test_save_model_leaves_the_model_in_training_mode"),
        "aliasing": _na("writes a file, returns nothing"),
        "sizes": _na("the tutorial's MLP: pickling a module has no branch on its size"),
        "dtypes": _na("the module is pickled whole, its tensors as they are"),
        "layout": _na("the module is pickled whole, its tensors as they are"),
        "devices": _t("persistence", "test_save_model_writes_the_whole_module"),
        "repeated": _t("persistence", "test_save_model_round_trips_through_the_reference_load", note="twice, one path"),
        "state": _t(
            "persistence",
            "test_save_model_leaves_the_model_in_training_mode",
            "test_saving_and_loading_draw_no_random_numbers",
        ),
        "files": _t("persistence", "test_save_model_writes_the_whole_module"),
        "range": COPIED_VALUES,
        "arguments": _na("(model, path), positional"),
    },
    "load_model": {
        "inputs": _na("takes a path; the file is read, never written"),
        "aliasing": _t(
            "persistence", "test_load_model_round_trips_from_the_reference_save", note="two loads, two models"
        ),
        "sizes": _na("the tutorial's MLP: unpickling a module has no branch on its size"),
        "dtypes": _na("the module is unpickled whole, its tensors as saved"),
        "layout": _na("the module is unpickled whole, its tensors as saved"),
        "devices": _t("persistence", "test_load_model_restores_the_whole_module"),
        "repeated": _t("persistence", "test_load_model_round_trips_from_the_reference_save"),
        "state": _t(
            "persistence",
            "test_load_model_returns_the_model_in_eval_mode",
            "test_load_model_keeps_parameters_trainable",
            "test_saving_and_loading_draw_no_random_numbers",
        ),
        "files": _t("persistence", "test_load_model_restores_the_whole_module"),
        "range": COPIED_VALUES,
        "arguments": _na("(path), positional"),
    },
    "export_onnx": {
        "inputs": _t("persistence_onnx", "test_export_onnx_leaves_the_models_tensors_unchanged"),
        "aliasing": _na("writes a file"),
        "sizes": _t("persistence_onnx", "test_export_onnx_batch_dimension_is_dynamic", note="batches of 1, 7, 64"),
        "dtypes": _na("float32 models and images, as the tutorial exports them"),
        "layout": _t("persistence_onnx", "test_export_onnx_traces_the_example_input", note="a non-28x28 example"),
        "devices": _t("persistence_onnx", "test_export_onnx_logits_match_the_model"),
        "repeated": _na(
            "an export costs seconds: exporting twice to one path is not covered, for cost (page docstring)"
        ),
        "state": _t(
            "persistence_onnx",
            "test_export_onnx_records_eval_mode",
            "test_export_onnx_leaves_an_eval_model_in_eval_mode",
        ),
        "files": _t(
            "persistence_onnx",
            "test_export_onnx_writes_one_self_contained_file",
            "test_export_onnx_passes_the_onnx_checker",
        ),
        "range": _t("persistence_onnx", "test_export_onnx_logits_match_the_model_on_random_inputs"),
        "arguments": _na("(model, path), positional"),
    },
    "onnx_predict": {
        "inputs": _na("a NumPy array handed to onnxruntime, which reads it"),
        "aliasing": _na("onnxruntime returns new arrays"),
        "sizes": _t(
            "persistence_onnx_predict", "test_onnx_predict_returns_one_row_of_logits_per_input", note="1, 7, 64"
        ),
        "dtypes": _t("persistence_onnx_predict", "test_onnx_predict_accepts_a_float32_array"),
        "layout": _t("persistence_onnx_predict", "test_onnx_predict_takes_any_input_shape_and_number_of_classes"),
        "devices": _na("the contract is onnxruntime on the CPU"),
        "repeated": _t("persistence_onnx_predict", "test_onnx_predict_runs_the_file_as_it_is_now"),
        "state": _na("a new onnxruntime session per file; no torch mode or random stream is involved"),
        "files": _t(
            "persistence_onnx_predict",
            "test_onnx_predict_reads_input_and_output_names_from_the_file",
            "test_onnx_predict_runs_the_file_as_it_is_now",
        ),
        "range": _t("persistence_onnx_predict", "test_onnx_predict_matches_the_model_on_random_inputs"),
        "arguments": _na("(path, array), positional"),
    },
}


class Decision(NamedTuple):
    """A contract rule the tutorial leaves unsaid or says otherwise than a docstring; `open` rules accept both."""

    name: str  # contract name
    question: str
    rule: str  # what the docstring now says
    status: str  # "decided" or "open"
    tests: tuple[str, ...]  # the tests that pin it ("spec/pages/test_x.py::test_name"); () for none


def _ids(page: str, *tests: str) -> tuple[str, ...]:
    return _t(page, *tests).ids


DECISIONS: list[Decision] = [
    Decision(
        "rand_like",
        "a float64 t: the tutorial's dtype=torch.float gives float32, the docstring keeps t's dtype",
        "a floating t gives float32 or t's own dtype, both accepted; a t that is not floating gives float32",
        "open",
        _ids(
            "tensors",
            "test_rand_like_is_floating_for_floating_input",
            "test_rand_like_is_float32_for_non_floating_input",
        ),
    ),
    Decision(
        "test_loop",
        "the model's mode after test_loop",
        "not specified: eval (the tutorial's) or the mode it came in; every forward inside is in eval mode, and"
        " train_loop sets train mode itself (test_train_loop_puts_model_in_train_mode)",
        "open",
        _ids("optimization_test_loop", "test_test_loop_runs_model_in_eval_mode"),
    ),
    Decision(
        "single_layer_grads",
        "a batch x (N, n_in) on the autograd page, whose contract is the tutorial's one sample",
        "a batch may be refused with an error; a result for one must be the mean BCE over all N * n_out entries",
        "decided",
        _ids("autograd", "test_single_layer_grads_of_a_batch_average_over_samples_and_outputs"),
    ),
    Decision(
        "forward_without_grad",
        "a batch x (N, n_in)",
        "a batch may be refused with an error; a result for one is x @ w + b, one row per sample",
        "decided",
        _ids("autograd", "test_forward_without_grad_of_a_batch_is_one_row_per_sample"),
    ),
    Decision(
        "single_layer_grads",
        "w and b that already hold a .grad",
        "not specified: accumulating (the tutorial's backward) or zeroing first are both accepted",
        "open",
        (),
    ),
    Decision(
        "one_hot",
        "a negative label, one_hot(-1)",
        "labels are 0..num_classes-1: raising (the tutorial's scatter_) and counting from the end are both accepted",
        "open",
        _ids("transforms", "test_one_hot_refuses_label_past_the_last_class"),
    ),
    Decision(
        "CustomImageDataset",
        "a dataset's image type: the tutorial's read_image tensor, or a PIL image",
        "a uint8 tensor (C, H, W), as read_image gives it, before the transform; a PIL image fails",
        "decided",
        _ids("data_custom", "test_custom_dataset_image_is_a_tensor", "test_custom_dataset_image_is_uint8"),
    ),
    Decision(
        "to_device",
        "t already on the device: a copy, or t itself",
        "t itself is accepted (t.to(device) returns it); t is never moved in place",
        "decided",
        _ids("tensors", "test_to_device_leaves_t_where_it_was"),
    ),
    Decision(
        "train_loop",
        "what train_loop returns: the tutorial's None, or the mean batch loss",
        "either; a number returned must be the mean batch loss of the epoch",
        "decided",
        _ids("optimization_train_loop", "test_train_loop_returns_mean_of_batch_losses"),
    ),
    Decision(
        "predict",
        "the model's mode after predict",
        "eval, or the mode it came in (every submodule alike)",
        "decided",
        _ids("model_predict", "test_predict_leaves_model_in_eval_mode_or_as_it_was"),
    ),
]
