"""Meta-tests of the kit itself and their corpus (right, wrong and hostile implementations). Not shipped."""
