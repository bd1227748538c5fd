@title: writing net sysctls: ip_forward needs CAP_NET_ADMIN over the namespace's owner; somaxconn only the file mode, for the global root uid
# T1.5, T9.3, T9.1: the forwarding handler checks the capability; a plain net sysctl is rw for kernel uid 0, which a task keeps in a child user namespace
@needs: user,net
init: clone u user                   => 2
u: id                                => uid=65534 gid=65534
u: sysctl net.ipv4.ip_forward 1      => EPERM
u: sysctl net.core.somaxconn 200     => ok       # u is still kernel uid 0
init: sysctl net.core.somaxconn      => 200
init: clone v -                      => 3
v: setuid 1000                       => ok
v: sysctl net.core.somaxconn 300     => EACCES   # mode 0644, and uid 1000
v: sysctl net.ipv4.ip_forward 1      => EACCES
init: sysctl net.ipv4.ip_forward     => 0
