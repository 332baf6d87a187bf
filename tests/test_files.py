"""Output files: regular files replaced atomically with the mode open() would give; devices,
FIFOs and sockets written in place; symlinks followed; bad destinations refused up front with
the path the user gave. Some cases also through the real CLI."""

from __future__ import annotations

import os
import socket
import stat
import subprocess
import sys
import threading
from collections.abc import Iterator
from pathlib import Path

import pytest

from schemaparity import dumpfile
from schemaparity.errors import UsageError
from schemaparity.files import check_output, write_output

from .conftest import DUMPS


@pytest.fixture
def umask() -> Iterator[None]:
    old = os.umask(0o022)
    try:
        yield
    finally:
        os.umask(old)


def chardev(path: Path) -> Path:
    """A character device like /dev/null (1, 3), made in a temp dir (the tests run as root)."""
    if os.geteuid() != 0:
        pytest.skip("mknod of a character device needs root")
    os.mknod(path, 0o666 | stat.S_IFCHR, os.makedev(1, 3))
    os.chmod(path, 0o666)  # mknod's mode goes through the umask
    return path


def test_a_new_file_gets_the_mode_open_gives(tmp_path: Path, umask: None) -> None:
    write_output(tmp_path / "new.json", "x\n")
    assert stat.S_IMODE(os.stat(tmp_path / "new.json").st_mode) == 0o644
    os.umask(0o027)
    write_output(tmp_path / "other.json", ["a", "b\n"])
    assert stat.S_IMODE(os.stat(tmp_path / "other.json").st_mode) == 0o640
    assert (tmp_path / "other.json").read_text() == "ab\n"


def test_an_existing_file_keeps_its_mode_and_is_replaced_whole(tmp_path: Path,
                                                                umask: None) -> None:
    out = tmp_path / "keep.json"
    out.write_text("old")
    os.chmod(out, 0o640)
    inode = os.stat(out).st_ino
    write_output(out, "new\n")
    assert out.read_text() == "new\n"
    assert stat.S_IMODE(os.stat(out).st_mode) == 0o640
    assert os.stat(out).st_ino != inode  # replaced (atomically), not truncated in place
    assert sorted(p.name for p in tmp_path.iterdir()) == ["keep.json"]


def test_a_failed_write_keeps_the_old_file(tmp_path: Path) -> None:
    out = tmp_path / "keep.json"
    out.write_text("old")

    def pieces() -> Iterator[str]:
        yield "half"
        raise RuntimeError("the dump failed half way")

    with pytest.raises(RuntimeError):
        write_output(out, pieces())
    assert out.read_text() == "old"
    assert [p.name for p in tmp_path.iterdir()] == ["keep.json"]


@pytest.mark.parametrize("where", ["stdout", "fifo"])
def test_pieces_that_fail_half_way_send_nothing_down_a_pipe(
        where: str, tmp_path: Path, capsysbinary: pytest.CaptureFixture[bytes]) -> None:
    """Standard output and a FIFO cannot take bytes back: a plan piped into psql must not
    get its first half when making the second fails."""
    def pieces() -> Iterator[str]:
        yield "BEGIN;\nDROP TABLE t;\nCOMMIT;\n"
        raise RuntimeError("rendering failed half way")

    if where == "stdout":
        with pytest.raises(RuntimeError):
            write_output("-", pieces())
        assert capsysbinary.readouterr().out == b""
        return
    fifo = tmp_path / "pipe"
    os.mkfifo(fifo)
    got: list[bytes] = []
    reader = threading.Thread(target=lambda: got.append(fifo.read_bytes()))
    reader.start()
    with pytest.raises(RuntimeError):
        write_output(fifo, pieces())
    with open(fifo, "wb"):  # the reader's open returns only once a writer opened the FIFO
        pass
    reader.join(timeout=10)
    assert got == [b""]


def test_a_character_device_is_written_not_replaced(tmp_path: Path) -> None:
    dev = chardev(tmp_path / "null")
    check_output(dev)
    write_output(dev, "into the void\n")
    st = os.stat(dev)
    assert stat.S_ISCHR(st.st_mode) and st.st_rdev == os.makedev(1, 3)
    assert stat.S_IMODE(st.st_mode) == 0o666
    assert [p.name for p in tmp_path.iterdir()] == ["null"]


def test_a_fifo_is_written_in_place(tmp_path: Path) -> None:
    fifo = tmp_path / "pipe"
    os.mkfifo(fifo)
    got: list[bytes] = []
    reader = threading.Thread(target=lambda: got.append(fifo.read_bytes()))
    reader.start()
    write_output(fifo, ["through ", "the pipe\n"])
    reader.join(timeout=10)
    assert got == [b"through the pipe\n"]
    assert stat.S_ISFIFO(os.stat(fifo).st_mode)


def test_a_socket_is_written_in_place(tmp_path: Path) -> None:
    path = tmp_path / "sock"
    got: list[bytes] = []
    with socket.socket(socket.AF_UNIX, socket.SOCK_STREAM) as server:
        server.bind(str(path))
        server.listen(1)

        def serve() -> None:
            conn, _ = server.accept()
            with conn:
                got.append(b"".join(iter(lambda: conn.recv(4096), b"")))

        thread = threading.Thread(target=serve)
        thread.start()
        write_output(path, "over the socket\n")
        thread.join(timeout=10)
    assert got == [b"over the socket\n"]
    assert stat.S_ISSOCK(os.stat(path).st_mode)


def test_a_symlink_is_followed(tmp_path: Path) -> None:
    target = tmp_path / "real.json"
    target.write_text("old")
    os.chmod(target, 0o604)
    link = tmp_path / "link.json"
    link.symlink_to(target)
    write_output(link, "new\n")
    assert link.is_symlink() and target.read_text() == "new\n"
    assert stat.S_IMODE(os.stat(target).st_mode) == 0o604
    dev = chardev(tmp_path / "null")
    stdout_like = tmp_path / "stdout"
    stdout_like.symlink_to(dev)
    write_output(stdout_like, "x\n")
    assert stdout_like.is_symlink() and stat.S_ISCHR(os.stat(dev).st_mode)


def test_a_dash_is_standard_output(capsysbinary: pytest.CaptureFixture[bytes],
                                   tmp_path: Path) -> None:
    write_output("-", ["é", "\n"])
    assert capsysbinary.readouterr().out == "é\n".encode()
    assert not (Path.cwd() / "-").exists()


def test_bad_destinations_are_refused_naming_the_given_path(tmp_path: Path,
                                                            monkeypatch: pytest.MonkeyPatch
                                                            ) -> None:
    monkeypatch.chdir(tmp_path)
    (tmp_path / "adir").mkdir()
    (tmp_path / "afile").write_text("")
    cases = {
        "missing_dir/x.json": "missing_dir/x.json: no such directory: missing_dir",
        "adir": "adir: is a directory",
        "afile/x.json": "afile/x.json: not a directory: afile",
    }
    for given, message in cases.items():
        with pytest.raises(UsageError) as err:
            check_output(given)
        assert str(err.value) == message
        assert err.value.exit_code == 2
    with pytest.raises(UsageError, match=r"^missing_dir/x.json: no such directory"):
        write_output("missing_dir/x.json", "x")
    with pytest.raises(UsageError, match=r"^adir: is a directory"):
        write_output("adir", "x")
    check_output("new.json")
    check_output("-")
    assert sorted(p.name for p in tmp_path.iterdir()) == ["adir", "afile"]


def test_write_atomic_is_the_same_writer(tmp_path: Path) -> None:
    dev = chardev(tmp_path / "null")
    dumpfile.write_atomic(dev, "x")
    assert stat.S_ISCHR(os.stat(dev).st_mode)


def cli(*args: str, cwd: Path) -> subprocess.CompletedProcess[str]:
    return subprocess.run([sys.executable, "-m", "schemaparity", *args], capture_output=True,
                          text=True, cwd=cwd, timeout=300, umask=0o022)


def test_cli_output_to_a_device_a_new_file_and_a_missing_directory(tmp_path: Path) -> None:
    dump = str(DUMPS / "kitchen_sink.json")
    dev = chardev(tmp_path / "null")
    proc = cli("dump", dump, "-o", str(dev), cwd=tmp_path)
    assert proc.returncode == 0, proc.stderr
    assert stat.S_ISCHR(os.stat(dev).st_mode) and os.stat(dev).st_rdev == os.makedev(1, 3)
    proc = cli("dump", dump, "-o", "out.json", cwd=tmp_path)
    assert proc.returncode == 0, proc.stderr
    assert stat.S_IMODE(os.stat(tmp_path / "out.json").st_mode) == 0o644
    assert (tmp_path / "out.json").read_bytes() == (DUMPS / "kitchen_sink.json").read_bytes()
    proc = cli("diff", dump, dump, "-o", "missing_dir/report.txt", cwd=tmp_path)
    assert proc.returncode == 2
    assert proc.stderr.strip().splitlines() == [
        "schemaparity: error: missing_dir/report.txt: no such directory: missing_dir"]
    assert sorted(p.name for p in tmp_path.iterdir()) == ["null", "out.json"]


def test_cli_output_to_dev_stdout_is_written_where_it_points(tmp_path: Path) -> None:
    """``-o /dev/stdout``: into the pipe; into a file a shell opened with ``>>``, appended
    (that file is neither replaced nor truncated); also through a symlink to it."""
    dump = str(DUMPS / "kitchen_sink.json")
    expected = (DUMPS / "kitchen_sink.json").read_text()
    proc = cli("dump", dump, "-o", "/dev/stdout", cwd=tmp_path)
    assert proc.returncode == 0 and proc.stdout == expected, proc.stderr
    log = tmp_path / "log"
    log.write_text("previous\n")
    inode = os.stat(log).st_ino
    (tmp_path / "out").symlink_to("/dev/stdout")
    for target in ("/dev/stdout", "out"):
        with open(log, "a") as fh:
            done = subprocess.run([sys.executable, "-m", "schemaparity", "dump", dump,
                                   "-o", target], stdout=fh, stderr=subprocess.PIPE,
                                  text=True, cwd=tmp_path, timeout=300)
        assert done.returncode == 0, done.stderr
    assert log.read_text() == "previous\n" + expected + expected
    assert os.stat(log).st_ino == inode
    assert (tmp_path / "out").is_symlink()
