//! Every operation started on a WebSocket is authorized as an HTTP request would be at that
//! moment: the connection keeps its credentials, not the access they once granted.

use std::sync::Arc;

use async_graphql::extensions::{
    Extension, ExtensionContext, ExtensionFactory, NextPrepareRequest,
};
use async_graphql::{Request, ServerResult};

use crate::auth::socket::SocketSession;

pub struct SocketAuthorization;

impl ExtensionFactory for SocketAuthorization {
    fn create(&self) -> Arc<dyn Extension> {
        Arc::new(SocketAuthorization)
    }
}

#[async_trait::async_trait]
impl Extension for SocketAuthorization {
    async fn prepare_request(
        &self,
        ctx: &ExtensionContext<'_>,
        request: Request,
        next: NextPrepareRequest<'_>,
    ) -> ServerResult<Request> {
        let request = match ctx.data_opt::<Arc<SocketSession>>() {
            Some(session) => {
                let (auth, changes) = session.authorize().await;
                super::context::attach_socket(request, session, auth).data(changes)
            }
            None => request,
        };
        next.run(ctx, request).await
    }
}
