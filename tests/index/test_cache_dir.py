"""The cache's writes: whole files or nothing, and a file kept when asked."""

from index.cache_dir import write_cache_file


def test_a_cache_file_is_replaced_whole_and_leaves_no_temporary(tmp_path):
    target = tmp_path / "sub" / "entry.bin"
    write_cache_file(target, b"first")
    write_cache_file(target, b"second")
    assert target.read_bytes() == b"second"
    assert [path.name for path in target.parent.iterdir()] == ["entry.bin"]


def test_a_file_already_there_is_kept_when_asked(tmp_path):
    target = tmp_path / "entry.bin"
    write_cache_file(target, b"first", keep_existing=True)
    write_cache_file(target, b"second", keep_existing=True)
    assert target.read_bytes() == b"first"
    assert [path.name for path in tmp_path.iterdir()] == ["entry.bin"]


def test_an_unwritable_place_writes_nothing_and_raises_nothing(tmp_path):
    blocker = tmp_path / "file"
    blocker.write_bytes(b"")
    write_cache_file(blocker / "entry.bin", b"data")  # its folder is a file
    assert blocker.read_bytes() == b""
