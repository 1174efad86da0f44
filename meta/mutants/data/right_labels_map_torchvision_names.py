"""torchvision's class names ("T-shirt/top", "Ankle boot"): the data set's own names, in its order.

expect: pass
"""
from torchvision.datasets import FashionMNIST

labels_map = dict(enumerate(FashionMNIST.classes))
