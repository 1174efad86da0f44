"""torchvision's class names ("T-shirt/top", "Ankle boot"): right order, not the tutorial's spelling.

expect: fail test_labels_map_uses_the_tutorials_spelling
"""
from torchvision.datasets import FashionMNIST

labels_map = dict(enumerate(FashionMNIST.classes))
