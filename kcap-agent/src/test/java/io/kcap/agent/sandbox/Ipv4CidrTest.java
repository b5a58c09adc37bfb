package io.kcap.agent.sandbox;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import org.junit.jupiter.api.Test;

class Ipv4CidrTest {

  @Test
  void parsesNetworksAndSingleAddresses() {
    assertThat(Ipv4Cidr.parse("10.240.0.0/16")).isEqualTo(new Ipv4Cidr(0x0AF0_0000L, 16));
    assertThat(Ipv4Cidr.parse("192.0.2.7")).isEqualTo(new Ipv4Cidr(0xC000_0207L, 32));
    assertThat(Ipv4Cidr.parse("0.0.0.0/0").size()).isEqualTo(1L << 32);
    assertThat(Ipv4Cidr.parse("10.240.0.0/16")).hasToString("10.240.0.0/16");
  }

  @Test
  void rejectsWhatIsNotANetworkSayingWhy() {
    assertThatThrownBy(() -> Ipv4Cidr.parse("10.240.0.1/16"))
        .hasMessage("10.240.0.1/16 has host bits set; the network is 10.240.0.0/16");
    assertThatThrownBy(() -> Ipv4Cidr.parse("10.256.0.0/16"))
        .hasMessage("\"10.256.0.0/16\" has the octet 256, more than 255");
    assertThatThrownBy(() -> Ipv4Cidr.parse("10.0.0.0/33"))
        .hasMessage("\"10.0.0.0/33\" has the prefix length 33, more than 32");
    assertThatThrownBy(() -> Ipv4Cidr.parse("fd00::/64"))
        .hasMessage("\"fd00::/64\" is not an IPv4 network like 10.240.0.0/16");
  }

  @Test
  void networksOverlapWhenOneContainsTheOther() {
    Ipv4Cidr pool = Ipv4Cidr.parse("10.240.0.0/16");

    assertThat(pool.overlaps(Ipv4Cidr.parse("10.240.5.0/24"))).isTrue();
    assertThat(pool.overlaps(Ipv4Cidr.parse("10.0.0.0/8"))).isTrue();
    assertThat(pool.overlaps(Ipv4Cidr.parse("10.240.255.255"))).isTrue();
    assertThat(pool.overlaps(Ipv4Cidr.parse("10.241.0.0/16"))).isFalse();
    assertThat(pool.overlaps(Ipv4Cidr.parse("10.239.255.255"))).isFalse();
  }

  @Test
  void privateMeansWhollyInsideAnRfc1918Range() {
    assertThat(Ipv4Cidr.parse("10.240.0.0/16").isPrivate()).isTrue();
    assertThat(Ipv4Cidr.parse("172.31.0.0/16").isPrivate()).isTrue();
    assertThat(Ipv4Cidr.parse("192.168.7.0/24").isPrivate()).isTrue();
    assertThat(Ipv4Cidr.parse("172.32.0.0/16").isPrivate()).isFalse();
    assertThat(Ipv4Cidr.parse("8.0.0.0/7").isPrivate()).isFalse();
    assertThat(Ipv4Cidr.parse("10.0.0.0/7").isPrivate()).isFalse();
  }

  @Test
  void addressesCountFromTheNetworkAddress() {
    Ipv4Cidr pool = Ipv4Cidr.parse("10.240.1.0/24");

    assertThat(pool.address(1)).isEqualTo("10.240.1.1");
    assertThat(pool.address(255)).isEqualTo("10.240.1.255");
    assertThat(Ipv4Cidr.parse("10.240.0.0/16").address(256)).isEqualTo("10.240.1.0");
    assertThatThrownBy(() -> pool.address(256)).isInstanceOf(IndexOutOfBoundsException.class);
  }
}
