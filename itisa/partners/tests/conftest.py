from itisa.diffusion.tests.conftest import clock, dw  # noqa: F401 (the catalogue's fixtures)
