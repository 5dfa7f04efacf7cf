"""Diffusion obligations of publicly funded results and the public results catalogue (Art. 8(6))."""
