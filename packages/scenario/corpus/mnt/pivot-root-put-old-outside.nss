@title: pivot_root with put_old outside new_root gives EINVAL
# M7.4: put_old must be at or below new_root
@needs: mnt
init: clone a mnt                    => 2
a: mkdir /tmp/nss/r                  => ok
a: mount tmpfs /tmp/nss/r            => ok
a: mkdir /tmp/nss/old                => ok
a: pivot-root /tmp/nss/r /tmp/nss/old    => EINVAL
a: mkdir /tmp/nss/r/old              => ok
a: pivot-root /tmp/nss/r /tmp/nss/r/old  => ok
