"""The bundled briefing's files (``seeds/``), named for the outlet each comes from."""

STATE, UNN, OTHER, AFP_LIKE, AP = (
    "000_9fec4e57e8490378.txt",  # State Department statement
    "001_16d28577d1814211.txt",  # UNN
    "002_b921e82b274cb54b.txt",  # no outlet named
    "003_394e6fccd028c4ed.txt",  # no outlet named; reads like a wire story
    "004_30fa5fd5bd179c17.txt",  # AP
)
