"""Shirt and T-Shirt swapped (0 is the T-shirt/top class, 6 the shirt).

expect: fail test_labels_map_follows_the_fashion_mnist_class_order
"""
labels_map = {0: "Shirt", 1: "Trouser", 2: "Pullover", 3: "Dress", 4: "Coat",
              5: "Sandal", 6: "T-Shirt", 7: "Sneaker", 8: "Bag", 9: "Ankle Boot"}
