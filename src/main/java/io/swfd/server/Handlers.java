package io.swfd.server;

import io.swfd.api.PageTokens;
import io.swfd.api.SwfApi;
import io.swfd.api.handlers.DeprecateDomainHandler;
import io.swfd.api.handlers.DescribeDomainHandler;
import io.swfd.api.handlers.DescribeTypeHandler;
import io.swfd.api.handlers.ListDomainsHandler;
import io.swfd.api.handlers.ListTagsForResourceHandler;
import io.swfd.api.handlers.ListTypesHandler;
import io.swfd.api.handlers.RegisterDomainHandler;
import io.swfd.api.handlers.RegisterTypeHandler;
import io.swfd.api.handlers.TagResourceHandler;
import io.swfd.api.handlers.TypeLifecycleHandler;
import io.swfd.api.handlers.UndeprecateDomainHandler;
import io.swfd.api.handlers.UntagResourceHandler;
import io.swfd.engine.Registry;

import static io.swfd.store.TypeKind.ACTIVITY;
import static io.swfd.store.TypeKind.WORKFLOW;

/** Which handler serves which SWF action. */
final class Handlers {
    private Handlers() {
    }

    static SwfApi register(SwfApi api, Registry registry, PageTokens tokens) {
        return api
                .register("RegisterDomain", new RegisterDomainHandler(registry))
                .register("DescribeDomain", new DescribeDomainHandler(registry))
                .register("ListDomains", new ListDomainsHandler(registry, tokens))
                .register("DeprecateDomain", new DeprecateDomainHandler(registry))
                .register("UndeprecateDomain", new UndeprecateDomainHandler(registry))
                .register("TagResource", new TagResourceHandler(registry))
                .register("UntagResource", new UntagResourceHandler(registry))
                .register("ListTagsForResource", new ListTagsForResourceHandler(registry))
                .register("RegisterWorkflowType", new RegisterTypeHandler(registry, WORKFLOW))
                .register("RegisterActivityType", new RegisterTypeHandler(registry, ACTIVITY))
                .register("DescribeWorkflowType", new DescribeTypeHandler(registry, WORKFLOW))
                .register("DescribeActivityType", new DescribeTypeHandler(registry, ACTIVITY))
                .register("ListWorkflowTypes", new ListTypesHandler(registry, tokens, WORKFLOW))
                .register("ListActivityTypes", new ListTypesHandler(registry, tokens, ACTIVITY))
                .register("DeprecateWorkflowType", TypeLifecycleHandler.deprecate(registry, WORKFLOW))
                .register("DeprecateActivityType", TypeLifecycleHandler.deprecate(registry, ACTIVITY))
                .register("UndeprecateWorkflowType", TypeLifecycleHandler.undeprecate(registry, WORKFLOW))
                .register("UndeprecateActivityType", TypeLifecycleHandler.undeprecate(registry, ACTIVITY))
                .register("DeleteWorkflowType", TypeLifecycleHandler.delete(registry, WORKFLOW))
                .register("DeleteActivityType", TypeLifecycleHandler.delete(registry, ACTIVITY));
    }
}
