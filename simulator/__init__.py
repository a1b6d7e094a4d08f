"""The territory's devices, simulated: light points, cabinets and building meters over MQTT."""
