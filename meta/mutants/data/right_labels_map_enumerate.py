"""labels_map built from a list with enumerate.

expect: pass
"""
labels_map = dict(enumerate(["T-Shirt", "Trouser", "Pullover", "Dress", "Coat",
                             "Sandal", "Shirt", "Sneaker", "Bag", "Ankle Boot"]))
