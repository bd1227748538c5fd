@title: procfs's self names the reader's pid in the instance's pid namespace; a reader with no pid there finds no self
# M10.9, P5.2
@needs: mnt,pid
init: mkdir /tmp/nss/p             => ok
init: make-shared /tmp/nss         => ok
init: clone a pid                  => 2
a: mount proc /tmp/nss/p           => ok
a: readlink /tmp/nss/p/self        => 1
init: readlink /tmp/nss/p/self     => ENOENT
init: exists /tmp/nss/p/self       => no
init: pids /tmp/nss/p              => 1
