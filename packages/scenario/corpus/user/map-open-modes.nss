@title: a map or setgroups file opened read-only cannot be written, one opened write-only cannot be read
@needs: user
# U2.24: vfs_write: EBADF before the content is looked at
init: clone a user                      => 2
init: uid_map a "0 0 1" rdonly          => EBADF
init: gid_map a "junk" rdonly           => EBADF
init: projid_map a "0 0 1" rdonly       => EBADF
init: setgroups a "nonsense" rdonly     => EBADF
init: read uid_map a                    => -
init: read setgroups a                  => allow
# U2.25: vfs_read
init: read uid_map a wronly             => EBADF
init: read gid_map a wronly             => EBADF
init: read projid_map a wronly          => EBADF
init: read setgroups a wronly           => EBADF
init: uid_map a "0 0 1" rdwr            => ok
init: read uid_map a rdwr               => 0 0 1
init: setgroups a deny rdwr             => ok
init: read setgroups a rdwr             => deny
