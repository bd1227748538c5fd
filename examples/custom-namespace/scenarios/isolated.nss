@title: a child in a new hostid namespace changes only its own host id
# The hostid type of hostid-namespace.ts: copy starts a new namespace with its creator's id.
@needs: hostid
init: gethostid                  => 007f0101
init: clone a hostid             => 2
a: gethostid                     => 007f0101
a: sethostid 0x1234              => ok
a: gethostid                     => 00001234
init: gethostid                  => 007f0101
init: ns hostid                  => hostid:1
a: ns hostid                     => hostid:2
init: clone b -                  => 3
b: ns hostid                     => hostid:1
