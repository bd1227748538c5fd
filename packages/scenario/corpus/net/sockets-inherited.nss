@title: kept sockets are copied into children under the same names, and closed when the task exits
# T4.3, C9.1, T8.4: a socket is an fd like the others; the port stays bound while any copy is open
@needs: net
init: bind tcp 8080 s                => ok
init: clone a -                      => 2
init: close-sock s                   => ok
init: close-sock s                   => EBADF
init: bind tcp 8080 t                => EADDRINUSE   # a's copy holds the port
a: exit                              => ok
init: bind tcp 8080 t                => ok
