@title: pivot_root with the current root as new_root gives EBUSY
# M7.3: new_root or put_old on the current root mount -> EBUSY
@needs: mnt
init: clone a mnt                    => 2
a: mkdir /tmp/nss/r                  => ok
a: mount tmpfs /tmp/nss/r            => ok
a: mkdir /tmp/nss/r/old              => ok
a: pivot-root / /tmp/nss/r/old       => EBUSY
