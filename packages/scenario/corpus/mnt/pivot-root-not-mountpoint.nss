@title: pivot_root to a directory that is not a mount point gives EINVAL
# M7.4, M10.1, M10.6: new_root must be the root of a mount
@needs: mnt
init: clone a mnt                    => 2
a: mkdir /tmp/nss/r                  => ok
a: mkdir /tmp/nss/r/old              => ok
a: pivot-root /tmp/nss/r /tmp/nss/r/old  => EINVAL
a: pivot-root /tmp/nss/none /tmp/nss/r/old => ENOENT
a: touch /tmp/nss/f                  => ok
a: pivot-root /tmp/nss/f /tmp/nss/r/old    => ENOTDIR
