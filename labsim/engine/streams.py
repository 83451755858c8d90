"""Named random streams and block sampling.

One replication owns a family of generators derived from the scenario seed with
:class:`numpy.random.SeedSequence`: the stream for a name is the same whatever else the
scenario contains, so sweep points share random numbers (common random numbers) and
results never depend on how many workers ran them. Variates are drawn in blocks because a
numpy call per scalar costs more than the simulation step that uses it.
"""

from __future__ import annotations

import zlib
from collections.abc import Callable

import numpy as np

from labsim.scenarios.distributions import Distribution

__all__ = ["BLOCK", "BlockSampler", "RandomStreams"]

#: Variates drawn per numpy call.
BLOCK = 1024


class RandomStreams:
    """The generators of one replication, one per named purpose."""

    def __init__(self, seed: int, replication: int = 0) -> None:
        self.seed = seed
        self.replication = replication

    def generator(self, name: str) -> np.random.Generator:
        """An independent generator for ``name`` (e.g. ``"steps/zd6-inspection/register"``)."""
        key = (self.replication, zlib.crc32(name.encode("utf-8")))
        return np.random.Generator(
            np.random.PCG64(np.random.SeedSequence(self.seed, spawn_key=key))
        )

    def sampler(self, name: str, dist: Distribution, block: int = BLOCK) -> BlockSampler:
        """A block sampler of ``dist`` on the stream ``name``."""
        rng = self.generator(name)
        return BlockSampler(lambda n: dist.sample(rng, n), block)

    def uniforms(self, name: str, block: int = BLOCK) -> BlockSampler:
        """Uniform(0, 1) variates on the stream ``name`` (for error draws)."""
        return BlockSampler(self.generator(name).random, block)


class BlockSampler:
    """Hands out one variate at a time from blocks drawn ``block`` at once."""

    __slots__ = ("_block", "_buffer", "_draw", "_index")

    def __init__(self, draw: Callable[[int], np.ndarray], block: int = BLOCK) -> None:
        self._draw = draw
        self._block = block
        self._buffer: list[float] = []
        self._index = 0

    def __call__(self) -> float:
        """The next variate."""
        i = self._index
        if i >= len(self._buffer):
            self._buffer = self._draw(self._block).tolist()
            i = 0
        self._index = i + 1
        return self._buffer[i]
