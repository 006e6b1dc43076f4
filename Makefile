# Shortcuts for the README's two commands.
.PHONY: demo test
demo:
	scripts/demo
test:
	scripts/test
