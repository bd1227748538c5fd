@title: pivot_root(".", ".") after chdir to the new root stacks the old root on top of it
# M7.7: lookups from the root start at the new root; the old tree is still mounted on it
@needs: mnt
init: clone a mnt                    => 2
a: mkdir /tmp/nss/r                  => ok
a: mount tmpfs /tmp/nss/r            => ok
a: mkdir /tmp/nss/r/inside           => ok
a: chdir /tmp/nss/r                  => ok
a: pivot-root . .                    => ok
a: exists /inside                    => yes
a: exists /tmp/nss/r                 => no
a: mounts /tmp                       => /tmp,/tmp/nss   # the old root's tree, stacked on /
init: mounted /tmp/nss/r             => no     # init's namespace is untouched
