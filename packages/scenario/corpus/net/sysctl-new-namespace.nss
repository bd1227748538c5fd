@title: a new net namespace starts from the defaults of ip_forward, somaxconn and ping_group_range, not from its creator's values
# T1.4: per-namespace net sysctls; ipv4 devconf comes from the initial namespace (devconf_inherit_init_net 0), the others from compiled defaults
@needs: net
init: sysctl net.ipv4.ip_forward     => 0
init: sysctl net.core.somaxconn      => 4096
init: sysctl net.ipv4.ping_group_range => 1 0
init: sysctl net.ipv4.ip_forward 1   => ok
init: sysctl net.core.somaxconn 1024 => ok
init: sysctl net.ipv4.ping_group_range "0 100" => ok
init: clone a net                    => 2
a: sysctl net.ipv4.ip_forward        => 0
a: sysctl net.core.somaxconn         => 4096
a: sysctl net.ipv4.ping_group_range  => 1 0
init: sysctl net.ipv4.ip_forward     => 1
