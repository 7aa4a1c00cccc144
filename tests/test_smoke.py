def test_login_page_renders(client):
    response = client.get("/login")
    assert response.status_code == 200
    assert b"Sign in" in response.data


def test_admin_signs_in_and_sees_start_page(admin_client):
    response = admin_client.get("/")
    assert response.status_code == 200
    assert b"Ada Admin" in response.data
