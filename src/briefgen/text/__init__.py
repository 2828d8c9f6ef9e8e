"""The one home of Chinese text helpers: numerals, quantities, heading numbering, width, 禁则, sentences, titles."""
