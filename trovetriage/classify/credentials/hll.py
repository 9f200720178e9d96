"""A HyperLogLog distinct counter: ~1 % error in 16 KB, for counts beyond what a set may hold."""

from __future__ import annotations

import math

_P = 14
_M = 1 << _P
_ALPHA = 0.7213 / (1 + 1.079 / _M)
_MASK = (1 << (64 - _P)) - 1


class HyperLogLog:
    """Distinct count of 64-bit uniformly distributed values (digests, salted `hash()` values)."""

    __slots__ = ("_registers",)

    def __init__(self) -> None:
        self._registers = bytearray(_M)

    def add(self, value: int) -> None:
        value &= 0xFFFF_FFFF_FFFF_FFFF
        index = value >> (64 - _P)
        rest = value & _MASK
        rank = (64 - _P) - rest.bit_length() + 1
        if rank > self._registers[index]:
            self._registers[index] = rank

    def estimate(self) -> int:
        registers = self._registers
        total = math.fsum(2.0 ** -r for r in registers)
        estimate = _ALPHA * _M * _M / total
        zeros = registers.count(0)
        if estimate <= 2.5 * _M and zeros:
            estimate = _M * math.log(_M / zeros)
        return round(estimate)
