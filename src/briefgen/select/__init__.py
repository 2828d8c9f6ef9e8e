"""Selection: what each output says — key figures, key sentences, slide bullets, template variables."""
