@title: a link's MTU stays within its device's range: 68 to 65535 for a veth, 0 and up for lo
# T6.10: dev_validate_mtu ("mtu less than device minimum", "mtu greater than device maximum")
@needs: net
init: veth v0 v1                     => ok
init: link-mtu v0 9000               => ok
init: link-mtu v0 65535              => ok
init: link-mtu v0 65536              => EINVAL
init: link-mtu v0 67                 => EINVAL
init: link-mtu v0 68                 => ok
init: link-mtu nosuch 1500           => ENODEV
init: link-mtu lo 3                  => ok      # lo has no minimum
init: link-mtu lo -1                 => EINVAL  # the u32 read as an int
init: link-mtu v0 -1                 => EINVAL
