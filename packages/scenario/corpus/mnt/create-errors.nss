@title: creating files: EEXIST, ENOTDIR through a file, EISDIR for a directory opened to write, EACCES for a user who may not write the directory, EINVAL readlink of a directory
# M10.2, M10.6, M10.5, M10.4, M10.7
@needs: mnt
init: mkdir /tmp/nss/a             => ok
init: mkdir /tmp/nss/a             => EEXIST
init: touch /tmp/nss/f             => ok
init: mkdir /tmp/nss/f/x           => ENOTDIR
init: touch /tmp/nss/a             => EISDIR
init: readlink /tmp/nss/a          => EINVAL
init: clone u -                    => 2
u: setuid 1000                     => ok
u: mkdir /tmp/nss/a/x              => EACCES
u: touch /tmp/nss/a/x              => EACCES
u: mkdir /tmp/nss/y                => ok
u: touch /tmp/nss/y/z              => ok
