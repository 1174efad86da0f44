"""String keys "0".."9": labels_map[label] with the dataset's int label raises KeyError.

expect: fail test_labels_map_keys_are_the_integer_labels_0_to_9
expect: fail test_labels_map_follows_the_fashion_mnist_class_order
"""
labels_map = {"0": "T-Shirt", "1": "Trouser", "2": "Pullover", "3": "Dress", "4": "Coat",
              "5": "Sandal", "6": "Shirt", "7": "Sneaker", "8": "Bag", "9": "Ankle Boot"}
