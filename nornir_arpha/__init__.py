"""nornir_arpha: lab tests for Huawei VRP8 ARP dual-device hot backup."""
