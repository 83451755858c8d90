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

from labsim.durations import DurationSpec

__all__ = ["BLOCK", "BlockSampler", "RandomStreams"]

#: Most variates drawn per numpy call. Blocks start at FIRST_BLOCK and double up to this, so
#: a step used a handful of times in a short run does not draw a thousand values.
BLOCK = 1024
FIRST_BLOCK = 16


class RandomStreams:
    """The generators of one replication, one per named purpose.

    A stream's generator is made on its first draw: a scenario with hundreds of steps pays
    only for the streams a replication actually uses.
    """

    def __init__(self, seed: int, replication: int = 0) -> None:
        self.seed = seed
        self.replication = replication
        self._generators: dict[str, np.random.Generator] = {}

    def generator(self, name: str) -> np.random.Generator:
        """The generator of stream ``name`` (e.g. ``"steps/zd6-inspection"``), made once.

        Samplers that share a name draw from one generator, each in its own blocks; making a
        generator costs about as much as simulating a step, so streams are per procedure,
        not per step.
        """
        made = self._generators.get(name)
        if made is None:
            key = (self.replication, zlib.crc32(name.encode("utf-8")))
            made = np.random.Generator(
                np.random.PCG64(np.random.SeedSequence(self.seed, spawn_key=key))
            )
            self._generators[name] = made
        return made

    def sampler(self, name: str, dist: DurationSpec, block: int = BLOCK) -> BlockSampler:
        """A block sampler of ``dist`` on the stream ``name``."""
        return BlockSampler(lambda n, rng: dist.sample(rng, n), lambda: self.generator(name), block)

    def uniforms(self, name: str, block: int = BLOCK) -> BlockSampler:
        """Uniform(0, 1) variates on the stream ``name`` (for error draws)."""
        return BlockSampler(lambda n, rng: rng.random(n), lambda: self.generator(name), block)


class BlockSampler:
    """Hands out one variate at a time from blocks drawn at once (growing up to ``block``)."""

    __slots__ = ("_block", "_buffer", "_draw", "_index", "_make_rng", "_next_size", "_rng")

    def __init__(
        self,
        draw: Callable[[int, np.random.Generator], np.ndarray],
        make_rng: Callable[[], np.random.Generator],
        block: int = BLOCK,
    ) -> None:
        self._draw = draw
        self._make_rng = make_rng
        self._rng: np.random.Generator | None = None
        self._block = block
        self._next_size = min(FIRST_BLOCK, block)
        self._buffer: list[float] = []
        self._index = 0

    def __call__(self) -> float:
        """The next variate."""
        i = self._index
        if i >= len(self._buffer):
            self._refill()
            i = 0
        self._index = i + 1
        return self._buffer[i]

    def _refill(self) -> None:
        if self._rng is None:
            self._rng = self._make_rng()
        self._buffer = self._draw(self._next_size, self._rng).tolist()
        self._next_size = min(self._next_size * 2, self._block)
