"""Keys 1..10: the data set's labels are 0..9.

expect: fail test_labels_map_keys_are_the_integer_labels_0_to_9
expect: fail test_labels_map_follows_the_fashion_mnist_class_order
"""
labels_map = {1: "T-Shirt", 2: "Trouser", 3: "Pullover", 4: "Dress", 5: "Coat",
              6: "Sandal", 7: "Shirt", 8: "Sneaker", 9: "Bag", 10: "Ankle Boot"}
